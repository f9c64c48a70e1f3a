package dev.tandem.cli.up;

/** How {@code tandem up} knows a service it started is ready. */
public sealed interface Readiness {

    /** The port shown in {@code ready on 127.0.0.1:PORT}. */
    int port();

    /** A Quarkus service: {@code GET http://127.0.0.1:PORT/q/health/ready} answers 200. */
    record Health(int port) implements Readiness {
    }

    /** A plain server (the broker): something accepts TCP connections on 127.0.0.1:PORT. */
    record Listening(int port) implements Readiness {
    }
}
