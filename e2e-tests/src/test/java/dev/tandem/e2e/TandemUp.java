package dev.tandem.e2e;

import dev.tandem.cli.up.FreePorts;

import java.io.IOException;
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
        int gateway = FreePorts.one();
        int decodeGrpc = FreePorts.run(decodeWorkers);
        int decodeHttp = FreePorts.run(decodeWorkers);
        int prefillHttp = FreePorts.run(Math.max(1, prefillWorkers));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Dtandem.home=" + repository, "-jar", jar.toString(), "up",
                "--port", Integer.toString(gateway),
                "--decode-workers", Integer.toString(decodeWorkers),
                "--decode-grpc-port", Integer.toString(decodeGrpc),
                "--decode-http-port", Integer.toString(decodeHttp),
                "--broker-port", Integer.toString(FreePorts.one()),
                "--kv-grpc-port", Integer.toString(FreePorts.one()),
                "--kv-http-port", Integer.toString(FreePorts.one()),
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
