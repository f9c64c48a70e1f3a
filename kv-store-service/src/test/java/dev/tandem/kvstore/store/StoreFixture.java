package dev.tandem.kvstore.store;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A block store over off-heap memory with a clock the test moves. 16 KiB test blocks. */
final class StoreFixture {

    static final int BLOCK = TestBlocks.LAYOUT.blockBytes();

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final StoreMetrics metrics = StoreMetrics.detached();
    final BlockStore store;

    /** A pool of {@code blocks} test blocks, slabs of 4 blocks. */
    StoreFixture(int blocks, double high, double low) {
        StoreSettings settings = new StoreSettings((long) blocks * BLOCK, 4L * BLOCK, high, low,
                Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(60));
        MemorySegment memory = Arena.ofAuto().allocate(settings.capacityBytes(), 4096);
        store = new BlockStore(settings, memory, metrics, nanos::get);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    /** Writes the test bytes of {@code key} and commits them; true when newly stored. */
    boolean put(BlockKey key) {
        WriteSlot w = store.beginWrite(key, TestBlocks.LAYOUT, BLOCK, Duration.ofSeconds(30));
        if (w.duplicate()) {
            return store.commit(w, 0);
        }
        byte[] bytes = TestBlocks.bytes(key, TestBlocks.LAYOUT);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, store.writable(w), 0, BLOCK);
        return store.commit(w, BlockChecksum.of(MemorySegment.ofArray(bytes)));
    }

    byte[] read(StoredBlock block) {
        return store.readable(block).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    double counter(String name) {
        return metrics.registry().find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
