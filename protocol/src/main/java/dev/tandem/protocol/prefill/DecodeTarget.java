package dev.tandem.protocol.prefill;

/**
 * The decode worker waiting for a prefill: its id (for logs and metrics) and its gRPC address. The
 * prefill worker does not call it: the kv-store is the rendezvous (the decode worker subscribes to
 * the request's blocks and entry); the address is there for tracing and for a future direct path.
 */
public record DecodeTarget(String id, String address) {

    public DecodeTarget {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("decode worker id must be non-empty, got " + id);
        }
        address = address == null ? "" : address;
    }
}
