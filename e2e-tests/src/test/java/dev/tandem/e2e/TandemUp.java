package dev.tandem.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tandem up} run the way a user runs it (the packaged CLI launcher, which starts the real
 * decode-service and gateway-service processes), on free loopback ports, with its output in a log file.
 */
final class TandemUp implements AutoCloseable {

    private final Process process;
    private final Path log;
    final int gatewayPort;
    final int firstDecodeHttpPort;
    final int decodeWorkers;
    int firstPrefillHttpPort;

    private TandemUp(Process process, Path log, int gatewayPort, int firstDecodeHttpPort, int decodeWorkers) {
        this.process = process;
        this.log = log;
        this.gatewayPort = gatewayPort;
        this.firstDecodeHttpPort = firstDecodeHttpPort;
        this.decodeWorkers = decodeWorkers;
    }

    /** Starts the suite and waits until it says it is up. */
    static TandemUp start(Path repository, List<String> options, int decodeWorkers) throws IOException, InterruptedException {
        return start(repository, options, decodeWorkers, 0);
    }

    /** Starts the suite with {@code prefillWorkers} prefill workers' ports reserved (the options choose the mode). */
    static TandemUp start(Path repository, List<String> options, int decodeWorkers, int prefillWorkers)
            throws IOException, InterruptedException {
        Path jar = repository.resolve("cli/target/tandem-cli.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the CLI is not built: " + jar);
        }
        int gateway = freePort();
        int decodeGrpc = freePortRun(decodeWorkers);
        int decodeHttp = freePortRun(decodeWorkers);
        int prefillHttp = freePortRun(Math.max(1, prefillWorkers));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dtandem.home=" + repository, "-jar", jar.toString(), "up",
                "--port", Integer.toString(gateway),
                "--decode-workers", Integer.toString(decodeWorkers),
                "--decode-grpc-port", Integer.toString(decodeGrpc),
                "--decode-http-port", Integer.toString(decodeHttp),
                "--broker-port", Integer.toString(freePort()),
                "--kv-grpc-port", Integer.toString(freePort()),
                "--kv-http-port", Integer.toString(freePort()),
                "--prefill-http-port", Integer.toString(prefillHttp),
                "--threads", "1"));
        command.addAll(options);
        Path log = Files.createTempFile("tandem-up-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TandemUp up = new TandemUp(process, log, gateway, decodeHttp, decodeWorkers);
        up.firstPrefillHttpPort = prefillHttp;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (!Files.readString(log).contains("tandem: up.")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String output = Files.readString(log);
                up.close();
                throw new IllegalStateException("tandem up did not come up:\n" + output);
            }
            Thread.sleep(200);
        }
        return up;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive ports that are free now. */
    private static int freePortRun(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = freePort();
            if (first + n > 65535) {
                continue;
            }
            boolean free = true;
            for (int p = first + 1; p < first + n && free; p++) {
                try (ServerSocket ignored = new ServerSocket(p)) {
                    // free
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return first;
            }
        }
        throw new IOException("no run of " + n + " free ports");
    }

    /** Ctrl-C: SIGTERM to the launcher, which stops every service it started. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The services the launcher started (its child processes). */
    List<ProcessHandle> services() {
        return process.descendants().toList();
    }
}
