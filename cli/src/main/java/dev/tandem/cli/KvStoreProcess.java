package dev.tandem.cli;

import dev.tandem.cli.up.FreePorts;
import dev.tandem.cli.up.Readiness;
import dev.tandem.cli.up.ServiceProcess;
import dev.tandem.cli.up.ServiceSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A kv-store-service started for a benchmark: on loopback, on free ports, with a pool sized for the
 * run, its output discarded (shown only if it fails to start). {@code TANDEM_KV_STORE_OPTS} adds JVM
 * options (a profiler, say).
 */
final class KvStoreProcess implements AutoCloseable {

    private final ServiceProcess service;
    private final int grpcPort;

    private KvStoreProcess(ServiceProcess service, int grpcPort) {
        this.service = service;
        this.grpcPort = grpcPort;
    }

    /** Starts {@code jar} and waits until it reports ready. */
    static KvStoreProcess start(Path jar, long capacityBytes, long slabBytes) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kv-store-service is not built (" + jar + "); build it with "
                    + "./mvnw -pl kv-store-service -am package -DskipTests, or pass --store HOST:PORT");
        }
        int http = FreePorts.one();
        int grpc = FreePorts.one();
        String extra = System.getenv("TANDEM_KV_STORE_OPTS");
        List<String> jvmArgs = extra == null || extra.isBlank() ? List.of() : List.of(extra.trim().split("\\s+"));
        ServiceSpec spec = new ServiceSpec("kv-store", jar, new Readiness.Health(http), Map.of(
                "quarkus.http.host", "127.0.0.1", "quarkus.http.port", Integer.toString(http),
                "quarkus.grpc.server.host", "127.0.0.1", "quarkus.grpc.server.port", Integer.toString(grpc),
                "tandem.kv.pool.capacity", Long.toString(capacityBytes), "tandem.kv.pool.slab-size", Long.toString(slabBytes)),
                jvmArgs, List.of(), null);
        ServiceProcess service = ServiceProcess.start(spec, new PrintStream(OutputStream.nullOutputStream()));
        try {
            service.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
        return new KvStoreProcess(service, grpc);
    }

    /** The gRPC endpoint. */
    String address() {
        return "127.0.0.1:" + grpcPort;
    }

    @Override
    public void close() throws InterruptedException {
        service.close();
    }
}
