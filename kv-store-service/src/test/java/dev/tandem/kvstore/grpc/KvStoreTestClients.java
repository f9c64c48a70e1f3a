package dev.tandem.kvstore.grpc;

import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;

import java.net.URL;
import java.time.Duration;
import java.util.List;

/** Clients of the store under test, on loopback. */
final class KvStoreTestClients {

    private KvStoreTestClients() {
    }

    static Replica replica(URL url) {
        return new Replica("127.0.0.1", url.getPort());
    }

    static KvClientConfig config(KvTransport transport) {
        return KvClientConfig.defaults().withTransport(transport).withDeadline(Duration.ofSeconds(10))
                .withInitialBackoff(Duration.ofMillis(10));
    }

    static KvClient client(URL url, KvTransport transport) {
        return KvClient.connect(new StaticReplicas(List.of(replica(url))), config(transport));
    }

    static KvClient client(URL url, KvClientConfig config) {
        return KvClient.connect(new StaticReplicas(List.of(replica(url))), config);
    }
}
