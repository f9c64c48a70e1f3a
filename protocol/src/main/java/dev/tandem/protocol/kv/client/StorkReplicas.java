package dev.tandem.protocol.kv.client;

import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceDefinition;
import io.smallrye.stork.api.ServiceInstance;
import io.smallrye.stork.servicediscovery.staticlist.StaticConfiguration;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * Replicas discovered by SmallRye Stork: a static list locally, Kubernetes endpoints in a cluster
 * (whatever service discovery is configured for the service name, e.g. through
 * {@code quarkus.stork.kv-store.service-discovery.type} in a Quarkus service). Stork caches and
 * refreshes the list itself; a lookup that fails keeps the last list seen.
 */
public final class StorkReplicas implements ReplicaSource {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(5);

    private final String serviceName;
    private volatile List<Replica> lastSeen = List.of();

    public StorkReplicas(String serviceName) {
        this.serviceName = serviceName;
    }

    /**
     * Defines {@code serviceName} as a static list in the global Stork instance unless it is already
     * configured (initializing Stork when needed), for callers outside Quarkus such as the CLI.
     */
    public static StorkReplicas staticList(String serviceName, String addressList) {
        if (Stork.getInstance() == null) {
            Stork.initialize();
        }
        Stork.getInstance().defineIfAbsent(serviceName,
                ServiceDefinition.of(new StaticConfiguration().withAddressList(addressList)));
        return new StorkReplicas(serviceName);
    }

    @Override
    public List<Replica> replicas() {
        try {
            List<ServiceInstance> instances = Stork.getInstance().getService(serviceName)
                    .getInstances().await().atMost(LOOKUP_TIMEOUT);
            List<Replica> found = instances.stream()
                    .map(i -> new Replica(i.getHost(), i.getPort()))
                    .sorted(Comparator.comparing(Replica::id))
                    .distinct()
                    .toList();
            if (!found.isEmpty()) {
                lastSeen = found;
            }
        } catch (RuntimeException e) {
            if (lastSeen.isEmpty()) {
                throw new KvStoreException(KvStoreException.Kind.UNAVAILABLE,
                        "no kv-store replica discovered for service '" + serviceName + "': " + e.getMessage(), e);
            }
        }
        if (lastSeen.isEmpty()) {
            throw new KvStoreException(KvStoreException.Kind.UNAVAILABLE,
                    "no kv-store replica discovered for service '" + serviceName + "'", null);
        }
        return lastSeen;
    }
}
