package dev.tandem.kvstore.grpc;

import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.time.Duration;
import java.util.List;

/** Clients of the store under test, on loopback. */
final class KvStoreTestClients {

    private KvStoreTestClients() {
    }

    private static final Pattern GRPC_PORT = Pattern.compile("\"grpcPort\"\\s*:\\s*(\\d+)");

    /** The store's gRPC endpoint, as its readiness check reports it (the test port is random). */
    static Replica replica(URL url) {
        try {
            HttpResponse<String> ready = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(url.toURI().resolve("/q/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = GRPC_PORT.matcher(ready.body());
            if (!m.find()) {
                throw new IllegalStateException("no gRPC port in the readiness check: " + ready.body());
            }
            return new Replica("127.0.0.1", Integer.parseInt(m.group(1)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot ask the store for its gRPC port: " + e, e);
        }
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
