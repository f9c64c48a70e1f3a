package dev.tandem.prefill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The packaged kv-store-service as a child process on loopback, on free ports, until closed. */
final class KvStoreChild implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GRPC = Pattern.compile("Started gRPC server on 127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final Path log;
    private final int grpcPort;

    private KvStoreChild(Process process, Path log, int grpcPort) {
        this.process = process;
        this.log = log;
        this.grpcPort = grpcPort;
    }

    /** The jar the build packaged (system property {@code tandem.kv-store.jar}, set by the pom). */
    static Path jar() {
        String path = System.getProperty("tandem.kv-store.jar", "../kv-store-service/target/quarkus-app/quarkus-run.jar");
        Path jar = Path.of(path);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("kv-store-service is not packaged at " + jar.toAbsolutePath()
                    + ": run ./mvnw -pl prefill-service -am verify (or package kv-store-service first)");
        }
        return jar;
    }

    static KvStoreChild start() throws IOException, InterruptedException {
        Path log = Files.createTempFile("tandem-prefill-test-kv-store-", ".log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process process = new ProcessBuilder(List.of(java,
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0",
                "-Dquarkus.grpc.server.host=127.0.0.1", "-Dquarkus.grpc.server.port=0",
                "-Dtandem.kv.pool.capacity=64M", "-Dtandem.kv.pool.slab-size=4M", "-Dtandem.kv.pool.prefault=false",
                "-Dtandem.kv.pool.path=" + log.getParent().resolve("tandem-prefill-test-" + ProcessHandle.current().pid() + ".pool"),
                "-jar", jar().toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline && process.isAlive()) {
                String text = Files.readString(log);
                Matcher h = LISTENING.matcher(text);
                Matcher g = GRPC.matcher(text);
                if (h.find() && g.find()) {
                    awaitReady(Integer.parseInt(h.group(1)), deadline);
                    return new KvStoreChild(process, log, Integer.parseInt(g.group(1)));
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("kv-store-service did not start:\n" + Files.readString(log));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String address() {
        return "127.0.0.1:" + grpcPort;
    }

    private static void awaitReady(int httpPort, long deadline) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready")).build();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("kv-store-service never reported ready");
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
