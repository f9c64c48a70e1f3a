package dev.tandem.decode.prefill;

import dev.tandem.protocol.prefill.PrefillChannels;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/** An in-process Artemis broker on loopback with the prefill addresses (as {@code ./tandem broker} declares them). */
final class TestBroker implements AutoCloseable {

    private final EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
    private final int port;

    TestBroker(Path dataDir) throws Exception {
        this.port = freePort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP");
        config.addAddressSetting("#", new AddressSettings().setRedeliveryDelay(0).setMaxDeliveryAttempts(5));
        config.addQueueConfiguration(QueueConfiguration.of(PrefillChannels.TASKS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(PrefillChannels.CANCELS).addRoutingType(RoutingType.MULTICAST));
        config.addAddressConfiguration(new CoreAddressConfiguration().setName(PrefillChannels.LOAD).addRoutingType(RoutingType.MULTICAST));
        embedded.setConfiguration(config);
        embedded.start();
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        embedded.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
