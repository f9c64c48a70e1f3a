package dev.tandem.decode.prefill;

import dev.tandem.decode.config.DecodeConfig;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Locale;

/** The worker's kv-store client, connected on first use (never, when prefill is local). */
@ApplicationScoped
public class KvStoreConnection {

    private final DecodeConfig config;
    private KvClient client;
    private boolean closed;

    KvStoreConnection(DecodeConfig config) {
        this.config = config;
    }

    public synchronized KvClient client() {
        if (closed) {
            throw new IllegalStateException("the kv-store connection is closed");
        }
        if (client == null) {
            DecodeConfig.KvStore kv = config.kvStore();
            List<Replica> replicas = kv.replicas().stream().map(Replica::parse).toList();
            KvTransport transport = KvTransport.valueOf(kv.transport().toUpperCase(Locale.ROOT));
            client = KvClient.connect(new StaticReplicas(replicas), KvClientConfig.defaults().withTransport(transport));
        }
        return client;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        closed = true;
        if (client != null) {
            client.close();
        }
    }
}
