package dev.tandem.protocol.prefill;

/** Stop working on a request's prefill (the client went away, or the decode worker fell back to local prefill). */
public record PrefillCancel(String requestId) {

    public PrefillCancel {
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("requestId must be non-empty, got " + requestId);
        }
    }
}
