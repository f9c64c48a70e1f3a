package dev.tandem.prefill.service;

/** How a task ended without an error; each is acknowledged (a failure is not: it is redelivered). */
public enum TaskOutcome {
    /** KV blocks and the entry are in the kv-store. */
    DONE,
    /** A cancel arrived before or while it ran. */
    CANCELLED,
    /** Its deadline passed: the decode worker has fallen back to local prefill. */
    EXPIRED,
    /** It can never succeed here or elsewhere (another model, penalties the sampler cannot apply yet). */
    REFUSED
}
