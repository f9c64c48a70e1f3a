package dev.tandem.cli.up;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The suite of {@code tandem up} started on behalf of another command (such as
 * {@code tandem bench serve --up}): the same options, plan and processes, but on free loopback
 * ports unless the options name ports, with the services' output in a log file rather than on the
 * terminal. {@link #close()} stops it; so does the JVM exiting.
 */
public final class LocalSuite implements AutoCloseable {

    private final Suite suite;
    private final UpPlan plan;
    private final Path logFile;
    private final PrintStream log;
    private final Thread shutdownHook;

    private LocalSuite(Suite suite, UpPlan plan, Path logFile, PrintStream log, Thread shutdownHook) {
        this.suite = suite;
        this.plan = plan;
        this.logFile = logFile;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts the suite that {@code tandem up <upOptions>} would start and waits until the gateway is
     * ready; says on {@code status} where it runs and where its log is.
     */
    public static LocalSuite start(List<String> upOptions, PrintWriter status) throws Exception {
        UpCommand options = new UpCommand();
        CommandLine.ParseResult parsed = new CommandLine(options).parseArgs(upOptions.toArray(String[]::new));
        if (!parsed.hasMatchedOption("--port")) {
            options.port = FreePorts.one();
        }
        if (!parsed.hasMatchedOption("--decode-grpc-port")) {
            options.decodeGrpcPort = FreePorts.run(options.decodeWorkers);
        }
        if (!parsed.hasMatchedOption("--decode-http-port")) {
            options.decodeHttpPort = FreePorts.run(options.decodeWorkers);
        }
        if (!parsed.hasMatchedOption("--broker-port")) {
            options.brokerPort = FreePorts.one();
        }
        if (!parsed.hasMatchedOption("--kv-grpc-port")) {
            options.kvGrpcPort = FreePorts.one();
        }
        if (!parsed.hasMatchedOption("--kv-http-port")) {
            options.kvHttpPort = FreePorts.one();
        }
        if (!parsed.hasMatchedOption("--prefill-http-port")) {
            options.prefillHttpPort = FreePorts.run(options.prefillWorkers);
        }
        Path logFile = Files.createTempFile("tandem-up-", ".log");
        PrintStream log = new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8);
        UpPlan plan = options.plan(log);
        status.printf("tandem: starting %d decode worker(s) and the gateway on 127.0.0.1:%d serving %s (logs in %s)%n",
                plan.decodeWorkers(), plan.ports().gateway(), plan.model(), logFile);
        status.flush();
        Suite suite = new Suite(log);
        Thread hook = new Thread(suite::closeQuietly, "tandem-up-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        LocalSuite started = new LocalSuite(suite, plan, logFile, log, hook);
        try {
            suite.start(plan.stages(), UpCommand.READY_TIMEOUT);
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        return started;
    }

    /** The gateway's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + plan.ports().gateway();
    }

    public UpPlan plan() {
        return plan;
    }

    /** Where the services' output goes. */
    public Path logFile() {
        return logFile;
    }

    /** Stops the services (gateway first). */
    @Override
    public void close() throws InterruptedException {
        try {
            suite.close();
        } finally {
            log.close();
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook is running or has run
            }
        }
    }
}
