package dev.tandem.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A kv-store-service started for a benchmark: on loopback, on a free port, with a pool sized for the run. */
final class KvStoreProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GRPC = Pattern.compile("Started gRPC server on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int httpPort;
    private final int grpcPort;

    private KvStoreProcess(Process process, Path log, int httpPort, int grpcPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    /** Starts {@code jar} and waits until it listens and reports ready. */
    static KvStoreProcess start(Path jar, long capacityBytes, long slabBytes) throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kv-store-service is not built (" + jar + "); build it with "
                    + "./mvnw -pl kv-store-service -am package -DskipTests, or pass --store HOST:PORT");
        }
        Path log = Files.createTempFile("tandem-kv-store-", ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable(),
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.grpc.server.host=127.0.0.1", "-Dquarkus.grpc.server.port=0",
                "-Dtandem.kv.pool.capacity=" + capacityBytes, "-Dtandem.kv.pool.slab-size=" + slabBytes));
        String extra = System.getenv("TANDEM_KV_STORE_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        KvStoreProcess store = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int http = -1;
            int grpc = -1;
            while (http < 0 || grpc < 0) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("kv-store-service did not start:\n" + tail(log));
                }
                String text = Files.readString(log);
                Matcher h = LISTENING.matcher(text);
                Matcher g = GRPC.matcher(text);
                if (h.find() && g.find()) {
                    http = Integer.parseInt(h.group(1));
                    grpc = Integer.parseInt(g.group(1));
                } else {
                    Thread.sleep(50);
                }
            }
            store = new KvStoreProcess(process, log, http, grpc);
            store.awaitReady(deadline);
            return store;
        } finally {
            if (store == null) {
                process.destroyForcibly();
            }
        }
    }

    /** The gRPC endpoint. */
    String address() {
        return "127.0.0.1:" + grpcPort;
    }

    private void awaitReady(long deadlineNanos) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build();
        while (System.nanoTime() < deadlineNanos) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("kv-store-service never reported ready:\n" + tail(log));
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temp file
        }
    }
}
