package dev.tandem.protocol.kv.client;

/** One kv-store replica's gRPC endpoint. */
public record Replica(String host, int port) {

    public Replica {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("replica host must be non-empty, got '" + host + "'");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("replica port must be in 1..65535, got " + port);
        }
    }

    /** Parses {@code host:port}. */
    public static Replica parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("replica address must be host:port, got '" + hostPort + "'");
        }
        try {
            return new Replica(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replica port must be a number in '" + hostPort + "'");
        }
    }

    /** The stable identity that placement hashes: {@code host:port}. */
    public String id() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return id();
    }
}
