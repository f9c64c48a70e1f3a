package dev.tandem.cli;

import dev.tandem.protocol.prefill.PrefillChannels;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerCommandTest {

    @Test
    void theBrokerHasThePrefillAddressesAndCarriesATask(@TempDir Path data) throws Exception {
        int port = freePort();
        try (EmbeddedBroker broker = EmbeddedBroker.start(port, Optional.of(data))) {
            var tasks = broker.server().locateQueue(SimpleString.of(PrefillChannels.TASKS));
            assertNotNull(tasks);
            assertEquals(RoutingType.ANYCAST, tasks.getRoutingType());
            assertTrue(broker.server().getAddressInfo(SimpleString.of(PrefillChannels.CANCELS)).getRoutingTypes().contains(RoutingType.MULTICAST));
            try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + port);
                 ClientSessionFactory factory = locator.createSessionFactory();
                 ClientSession session = factory.createSession(true, true)) {
                ClientMessage sent = session.createMessage(true);
                sent.getBodyBuffer().writeString("{\"requestId\":\"r\"}");
                sent.setRoutingType(RoutingType.ANYCAST);
                session.createProducer(PrefillChannels.TASKS).send(sent);
                session.start();
                try (ClientConsumer consumer = session.createConsumer(PrefillChannels.TASKS)) {
                    ClientMessage received = consumer.receive(10_000);
                    assertNotNull(received);
                    assertEquals("{\"requestId\":\"r\"}", received.getBodyBuffer().readString());
                    received.acknowledge();
                }
            }
        }
    }

    @Test
    void aBusyPortIsAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun run = CliRun.of("broker", "--port", Integer.toString(busy.getLocalPort()));
            assertEquals(1, run.exitCode());
            assertTrue(run.err().startsWith("error: port " + busy.getLocalPort() + " on 127.0.0.1 is in use"), run.err());
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
