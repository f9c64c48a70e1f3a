package dev.tandem.decode.prefill;

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

/** A packaged service (kv-store, prefill worker) as a child process on loopback and free ports, until closed. */
final class ServiceChild implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("Listening on: http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern GRPC = Pattern.compile("Started gRPC server on 127\\.0\\.0\\.1:(\\d+)");

    private final String name;
    private final Process process;
    private final Path log;
    private final int grpcPort;

    private ServiceChild(String name, Process process, Path log, int grpcPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.grpcPort = grpcPort;
    }

    /** The jar the build packaged: system property {@code property} (set by the pom), else {@code fallback}. */
    static Path jar(String property, String fallback) {
        Path jar = Path.of(System.getProperty(property, fallback));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is not packaged: run ./mvnw -pl decode-service -am verify");
        }
        return jar;
    }

    /** Starts {@code jar} with {@code properties} ({@code -D...}); waits until it reports ready (and its gRPC port when {@code grpc}). */
    static ServiceChild start(String name, Path jar, List<String> properties, boolean grpc) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tandem-decode-test-" + name + "-", ".log");
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=0"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && process.isAlive()) {
                String text = Files.readString(log);
                Matcher h = LISTENING.matcher(text);
                Matcher g = GRPC.matcher(text);
                if (h.find() && (!grpc || g.find())) {
                    awaitReady(name, Integer.parseInt(h.group(1)), deadline);
                    return new ServiceChild(name, process, log, grpc ? Integer.parseInt(g.group(1)) : -1);
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(name + " did not start:\n" + Files.readString(log));
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    String grpcAddress() {
        return "127.0.0.1:" + grpcPort;
    }

    private static void awaitReady(String name, int httpPort, long deadline) throws InterruptedException {
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
            Thread.sleep(100);
        }
        throw new IllegalStateException(name + " never reported ready");
    }

    boolean alive() {
        return process.isAlive();
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
