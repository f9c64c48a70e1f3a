package dev.tandem.protocol.kv.client;

import java.util.Arrays;
import java.util.List;

/** A fixed list of replicas. */
public record StaticReplicas(List<Replica> replicas) implements ReplicaSource {

    public StaticReplicas {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("at least one kv-store replica is needed");
        }
        replicas = List.copyOf(replicas);
    }

    /** Parses a comma-separated {@code host:port} list. */
    public static StaticReplicas parse(String addressList) {
        return new StaticReplicas(Arrays.stream(addressList.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Replica::parse).toList());
    }
}
