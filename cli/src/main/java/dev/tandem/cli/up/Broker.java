package dev.tandem.cli.up;

/**
 * The AMQP 1.0 broker the remote prefill modes use: the embedded Artemis that {@code tandem up}
 * starts (the default), or a broker already running (RabbitMQ with its AMQP 1.0 plugin, ActiveMQ,
 * Artemis), given as {@code --broker HOST:PORT}.
 *
 * @param username null for none (SASL ANONYMOUS)
 * @param kind     how the broker names queues and topics in AMQP 1.0 addresses
 */
public record Broker(String host, int port, String username, String password, boolean embedded, Kind kind) {

    /** Brokers differ in how an AMQP 1.0 address names a queue or a topic. */
    public enum Kind {
        /** Artemis and ActiveMQ: plain names; the link's queue/topic capability picks the routing. */
        artemis,
        /** RabbitMQ 3.x with rabbitmq_amqp1_0: {@code /queue/NAME} and {@code /topic/NAME}. */
        rabbitmq;

        /** The services' {@code tandem.amqp.*-address} settings for this kind (none for the defaults). */
        public java.util.Map<String, String> addresses() {
            return this == artemis ? java.util.Map.of() : java.util.Map.of(
                    "tandem.amqp.tasks-address", "/queue/prefill-tasks",
                    "tandem.amqp.tasks-send-address", "/amq/queue/prefill-tasks",
                    "tandem.amqp.cancels-address", "/topic/prefill-cancels",
                    "tandem.amqp.load-address", "/topic/prefill-load");
        }
    }

    /** {@code embedded}, or {@code HOST:PORT} of a running broker of the given kind. */
    public static Broker parse(String value, int embeddedPort, String username, String password, Kind kind) {
        if (value == null || value.equals("embedded")) {
            if (kind != Kind.artemis) {
                throw new IllegalArgumentException("the embedded broker is Artemis; --broker-kind " + kind + " needs --broker HOST:PORT");
            }
            return new Broker("127.0.0.1", embeddedPort, username, password, true, kind);
        }
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("--broker must be embedded or HOST:PORT, got " + value);
        }
        try {
            return new Broker(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)), username, password, false, kind);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--broker must be embedded or HOST:PORT, got " + value);
        }
    }
}
