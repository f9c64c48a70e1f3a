package dev.tandem.prefill.service;

import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.protocol.prefill.PrefillTask;

/**
 * A CDI event fired when a task's blocks and entry are stored, just before its message is
 * acknowledged: the task, the first token and the KV the engine computed for it (the bytes the
 * stored blocks were streamed from). For observers such as tracing and the tests.
 *
 * @param blocksFromStore leading blocks that were loaded from the kv-store instead of computed
 */
public record PrefillDone(PrefillTask task, int firstToken, KvSnapshot kv, int blocksFromStore) {
}
