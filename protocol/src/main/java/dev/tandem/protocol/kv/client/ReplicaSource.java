package dev.tandem.protocol.kv.client;

import java.util.List;

/** Where a client learns the current kv-store replicas. */
@FunctionalInterface
public interface ReplicaSource {

    /** The replicas now; never empty (throws {@link KvStoreException} when none is known). */
    List<Replica> replicas();
}
