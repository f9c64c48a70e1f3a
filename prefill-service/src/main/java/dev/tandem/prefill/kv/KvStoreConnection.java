package dev.tandem.prefill.kv;

import dev.tandem.prefill.config.PrefillConfig;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Locale;

/** The worker's kv-store client (one per process), and the one place request entries are put. */
@Singleton
public class KvStoreConnection {

    private final KvClient client;

    protected KvStoreConnection(PrefillConfig config) {
        PrefillConfig.KvStore kv = config.kvStore();
        List<Replica> replicas = kv.replicas().stream().map(Replica::parse).toList();
        KvTransport transport = KvTransport.valueOf(kv.transport().toUpperCase(Locale.ROOT));
        this.client = KvClient.connect(new StaticReplicas(replicas),
                KvClientConfig.defaults().withTransport(transport).withDeadline(kv.deadline()));
    }

    public KvClient client() {
        return client;
    }

    /** Stores a finished prefill's entry: the last thing a task does before its message is acknowledged. */
    public void putEntry(PrefillResult result) {
        client.putEntry(result);
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }
}
