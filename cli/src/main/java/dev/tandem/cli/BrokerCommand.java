package dev.tandem.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tandem broker}: the AMQP 1.0 broker of local runs, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an embedded Apache ActiveMQ Artemis broker (AMQP 1.0 on 127.0.0.1) with the prefill queues, until Ctrl-C.")
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "5672", description = "AMQP port on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", description = "Directory for a persistent journal; without it queues live in memory.")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        EmbeddedBroker broker = EmbeddedBroker.start(port, Optional.ofNullable(data));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("error: stopping the broker: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "tandem-broker-stop"));
        spec.commandLine().getOut().printf("broker: amqp://127.0.0.1:%d (queues %s, %s; %s); Ctrl-C stops it%n", port,
                dev.tandem.protocol.prefill.PrefillChannels.TASKS, dev.tandem.protocol.prefill.PrefillChannels.CANCELS,
                data == null ? "in memory" : "persistent in " + data.toAbsolutePath());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
