package dev.tandem.cli;

import dev.tandem.protocol.prefill.PrefillChannels;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Apache ActiveMQ Artemis in this process with one AMQP 1.0 acceptor on loopback and the addresses
 * prefill needs: {@code prefill-tasks} (an anycast queue: workers compete for tasks), and
 * {@code prefill-cancels} and {@code prefill-load} (multicast: every subscriber gets every
 * message). A task nacked more than {@value #MAX_DELIVERY_ATTEMPTS} times goes to {@code DLQ}.
 * With a data directory the queues are persistent (tasks survive a broker restart); without one
 * they live in memory.
 */
final class EmbeddedBroker implements AutoCloseable {

    static final int MAX_DELIVERY_ATTEMPTS = 5;
    static final String DEAD_LETTERS = "DLQ";
    static final String EXPIRED = "ExpiryQueue";

    private final EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
    private final int port;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    /** Starts the broker on {@code 127.0.0.1:port}, persistent under {@code data} when given. */
    static EmbeddedBroker start(int port, Optional<Path> data) throws Exception {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("--port must be in 1..65535, got " + port);
        }
        checkFree(port);
        ConfigurationImpl config = new ConfigurationImpl();
        config.setName("tandem-broker");
        config.setSecurityEnabled(false);
        config.setJMXManagementEnabled(false);
        config.setPersistenceEnabled(data.isPresent());
        if (data.isPresent()) {
            Path dir = data.get().toAbsolutePath();
            config.setJournalDirectory(dir.resolve("journal").toString());
            config.setBindingsDirectory(dir.resolve("bindings").toString());
            config.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
            config.setPagingDirectory(dir.resolve("paging").toString());
        }
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP,CORE");
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(DEAD_LETTERS))
                .setExpiryAddress(SimpleString.of(EXPIRED))
                .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                .setRedeliveryDelay(0)
                .setAutoCreateQueues(true)
                .setAutoCreateAddresses(true));
        config.addQueueConfiguration(QueueConfiguration.of(PrefillChannels.TASKS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addQueueConfiguration(QueueConfiguration.of(DEAD_LETTERS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addQueueConfiguration(QueueConfiguration.of(EXPIRED).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(PrefillChannels.CANCELS).addRoutingType(RoutingType.MULTICAST));
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(PrefillChannels.LOAD).addRoutingType(RoutingType.MULTICAST));
        EmbeddedBroker broker = new EmbeddedBroker(port);
        broker.embedded.setConfiguration(config);
        broker.embedded.start();
        return broker;
    }

    int port() {
        return port;
    }

    ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    @Override
    public void close() throws Exception {
        embedded.stop();
    }

    private static void checkFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (another broker?); pick one with --port");
        }
    }
}
