package dev.tandem.protocol.kv.client;

/** What a put did: blocks newly stored, and blocks the store already held (idempotent puts). */
public record PutSummary(int stored, int duplicates) {

    PutSummary plus(PutSummary other) {
        return new PutSummary(stored + other.stored, duplicates + other.duplicates);
    }
}
