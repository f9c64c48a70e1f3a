package dev.tandem.cli.up;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running service of {@code tandem up}: a packaged Quarkus app in its own JVM, its output
 * streamed line by line with a {@code [name]} prefix, ready once its readiness endpoint says so.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final int TAIL_LINES = 40;

    private final ServiceSpec spec;
    private final Process process;
    private final Deque<String> tail = new ArrayDeque<>();

    private ServiceProcess(ServiceSpec spec, Process process) {
        this.spec = spec;
        this.process = process;
    }

    /** Starts the service; its lines go to {@code log} prefixed with its name. */
    public static ServiceProcess start(ServiceSpec spec, PrintStream log) throws IOException {
        if (!Files.isRegularFile(spec.jar())) {
            throw new IllegalStateException(spec.name() + " is not built (" + spec.jar() + ")");
        }
        List<String> command = new ArrayList<>();
        if (spec.cpus() != null) {
            command.addAll(List.of("taskset", "-c", spec.cpus()));
        }
        command.add(javaExecutable());
        command.addAll(spec.jvmArgs());
        for (Map.Entry<String, String> property : spec.properties().entrySet()) {
            command.add("-D" + property.getKey() + "=" + property.getValue());
        }
        command.addAll(List.of("-jar", spec.jar().toString()));
        command.addAll(spec.args());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ServiceProcess service = new ServiceProcess(spec, process);
        Thread.ofPlatform().daemon().name("log-" + spec.name()).start(() -> service.pump(log));
        return service;
    }

    public ServiceSpec spec() {
        return spec;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until the service is ready ({@link Readiness}); fails with the last lines of the
     * service's output when it exits or the timeout passes first.
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(spec.name() + " exited with code " + process.exitValue()
                        + " before it was ready; its last lines:\n" + tail());
            }
            if (isReady(http)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(spec.name() + " was not ready after " + timeout.toSeconds() + " s; its last lines:\n" + tail());
    }

    private boolean isReady(HttpClient http) throws InterruptedException {
        try {
            return switch (spec.readiness()) {
                case Readiness.Health(int port) -> http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                case Readiness.Listening(int port) -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                        yield true;
                    }
                }
            };
        } catch (IOException e) {
            return false; // not listening yet
        }
    }

    /** The exit code of a process that has exited. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Blocks until the process exits; returns its exit code. */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** The last lines the service printed. */
    public synchronized String tail() {
        return String.join("\n", tail);
    }

    private void pump(PrintStream log) {
        String prefix = "[" + spec.name() + "] ";
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                remember(line);
                log.println(prefix + line);
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** Asks the service to stop (SIGTERM: Quarkus shuts down gracefully), then kills it after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    public static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
