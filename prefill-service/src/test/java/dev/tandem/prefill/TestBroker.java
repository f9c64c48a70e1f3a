package dev.tandem.prefill;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import dev.tandem.protocol.prefill.PrefillChannels;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** An in-process Artemis broker on loopback with the prefill addresses, and a core client to publish on them. */
final class TestBroker implements AutoCloseable {

    private static final String REQUEST_ID = "tandemRequestId";

    private final EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
    private final int port;
    private ServerLocator locator;
    private ClientSessionFactory factory;
    private ClientSession session;

    TestBroker(Path dataDir) throws Exception {
        this.port = freePort();
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false);
        config.setSecurityEnabled(false);
        config.setJournalDirectory(dataDir.resolve("journal").toString());
        config.setBindingsDirectory(dataDir.resolve("bindings").toString());
        config.setLargeMessagesDirectory(dataDir.resolve("large").toString());
        config.setPagingDirectory(dataDir.resolve("paging").toString());
        config.addAcceptorConfiguration("amqp", "tcp://127.0.0.1:" + port + "?protocols=AMQP,CORE");
        config.addAddressSetting("#", new AddressSettings().setRedeliveryDelay(0).setMaxDeliveryAttempts(5));
        config.addQueueConfiguration(QueueConfiguration.of(PrefillChannels.TASKS).setRoutingType(RoutingType.ANYCAST).setDurable(true));
        config.addAddressConfiguration(new org.apache.activemq.artemis.core.config.CoreAddressConfiguration()
                .setName(PrefillChannels.CANCELS).addRoutingType(RoutingType.MULTICAST));
        config.addAddressConfiguration(new org.apache.activemq.artemis.core.config.CoreAddressConfiguration()
                .setName(PrefillChannels.LOAD).addRoutingType(RoutingType.MULTICAST));
        embedded.setConfiguration(config);
        embedded.start();
    }

    int port() {
        return port;
    }

    ActiveMQServer server() {
        return embedded.getActiveMQServer();
    }

    Queue tasksQueue() {
        return server().locateQueue(SimpleString.of(PrefillChannels.TASKS));
    }

    /** Whether a message tagged {@code requestId} is delivered to a consumer and not yet acknowledged. */
    boolean delivering(String requestId) {
        return tasksQueue().getDeliveringMessages().values().stream().flatMap(java.util.List::stream)
                .anyMatch(ref -> requestId.equals(ref.getMessage().getStringProperty(REQUEST_ID)));
    }

    /** Whether a message tagged {@code requestId} is still in the tasks queue (waiting or delivered). */
    boolean holds(String requestId) {
        if (delivering(requestId)) {
            return true;
        }
        try (var refs = tasksQueue().browserIterator()) {
            while (refs.hasNext()) {
                if (requestId.equals(refs.next().getMessage().getStringProperty(REQUEST_ID))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Publishes a text message (what the AMQP consumer reads as a String payload), tagged with {@code requestId}. */
    synchronized void send(String address, RoutingType routing, String requestId, String text) throws Exception {
        if (session == null) {
            locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
            factory = locator.createSessionFactory();
            session = factory.createSession(true, true);
        }
        ClientMessage message = session.createMessage(ClientMessage.TEXT_TYPE, true);
        message.getBodyBuffer().writeNullableSimpleString(SimpleString.of(text));
        message.setRoutingType(routing);
        message.putStringProperty(REQUEST_ID, requestId);
        try (ClientProducer producer = session.createProducer(address)) {
            producer.send(message);
        }
    }

    @Override
    public void close() throws Exception {
        if (session != null) {
            session.close();
            factory.close();
            locator.close();
        }
        embedded.stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
