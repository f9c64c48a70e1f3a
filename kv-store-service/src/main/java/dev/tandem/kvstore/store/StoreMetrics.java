package dev.tandem.kvstore.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * The store's meters (Prometheus names in brackets): bytes in/out [tandem_kv_bytes_in_total,
 * tandem_kv_bytes_out_total], blocks stored/evicted [tandem_kv_blocks_stored_total,
 * tandem_kv_blocks_evicted_total], lookups and hit ratio [tandem_kv_lookups_total{result},
 * tandem_kv_hit_ratio], pool usage [tandem_kv_pool_used_bytes, tandem_kv_pool_capacity_bytes,
 * tandem_kv_pool_usage_ratio], transfer latency [tandem_kv_transfer_seconds{op}], checksum
 * failures [tandem_kv_checksum_failures_total{stage}], refused puts [tandem_kv_puts_rejected_total].
 */
public final class StoreMetrics {

    private final MeterRegistry registry;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter evicted;
    private final Counter hits;
    private final Counter misses;
    private final Counter commitChecksumFailures;
    private final Counter readChecksumFailures;
    private final Counter rejected;
    private final AtomicLong hitCount = new AtomicLong();
    private final AtomicLong lookupCount = new AtomicLong();

    public StoreMetrics(MeterRegistry registry) {
        this.registry = registry;
        bytesIn = Counter.builder("tandem.kv.bytes.in").description("Block bytes committed to the pool").register(registry);
        bytesOut = Counter.builder("tandem.kv.bytes.out").description("Block bytes delivered to readers").register(registry);
        stored = Counter.builder("tandem.kv.blocks.stored").description("Blocks newly stored").register(registry);
        duplicates = Counter.builder("tandem.kv.blocks.duplicate").description("Puts of blocks already stored").register(registry);
        evicted = Counter.builder("tandem.kv.blocks.evicted").description("Blocks evicted (LRU)").register(registry);
        hits = Counter.builder("tandem.kv.lookups").tag("result", "hit").description("Block lookups by readers").register(registry);
        misses = Counter.builder("tandem.kv.lookups").tag("result", "miss").description("Block lookups by readers").register(registry);
        commitChecksumFailures = Counter.builder("tandem.kv.checksum.failures").tag("stage", "commit")
                .description("Blocks whose bytes failed their CRC32C").register(registry);
        readChecksumFailures = Counter.builder("tandem.kv.checksum.failures").tag("stage", "read")
                .description("Blocks whose bytes failed their CRC32C").register(registry);
        rejected = Counter.builder("tandem.kv.puts.rejected").description("Puts refused: pool full of pinned blocks").register(registry);
        Gauge.builder("tandem.kv.hit.ratio", this, m -> m.lookupCount.get() == 0 ? 0 : (double) m.hitCount.get() / m.lookupCount.get())
                .description("Share of block lookups that hit").register(registry);
        for (String op : new String[] {"put", "get", "subscribe", "commit"}) {
            transferTimer(op);
        }
    }

    /** Meters into a private registry: for tests and tools. */
    public static StoreMetrics detached() {
        return new StoreMetrics(new SimpleMeterRegistry());
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Registers the pool gauges, read from {@code store}. */
    void bindPool(BlockStore store) {
        gauge("tandem.kv.pool.used.bytes", "bytes", "Pool bytes in use (stored and being written)", store, s -> s.usedBytes());
        gauge("tandem.kv.pool.capacity.bytes", "bytes", "Pool capacity", store, s -> s.capacityBytes());
        gauge("tandem.kv.pool.usage.ratio", null, "Pool bytes in use over capacity", store,
                s -> s.capacityBytes() == 0 ? 0 : (double) s.usedBytes() / s.capacityBytes());
        gauge("tandem.kv.blocks", null, "Blocks stored", store, s -> s.blockCount());
        gauge("tandem.kv.blocks.pinned", null, "Blocks pinned by leases", store, s -> s.pinnedCount());
    }

    public void bytesIn(long n) {
        bytesIn.increment(n);
    }

    public void bytesOut(long n) {
        bytesOut.increment(n);
    }

    void stored() {
        stored.increment();
    }

    void duplicate() {
        duplicates.increment();
    }

    void evicted() {
        evicted.increment();
    }

    void lookup(boolean hit) {
        (hit ? hits : misses).increment();
        lookupCount.incrementAndGet();
        if (hit) {
            hitCount.incrementAndGet();
        }
    }

    void commitChecksumFailure() {
        commitChecksumFailures.increment();
    }

    void readChecksumFailure() {
        readChecksumFailures.increment();
    }

    void rejected() {
        rejected.increment();
    }

    /** Records a finished transfer ({@code op}: put, get, subscribe, commit) that took {@code nanos}. */
    public void transfer(String op, long nanos) {
        transferTimer(op).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer transferTimer(String op) {
        return Timer.builder("tandem.kv.transfer").tag("op", op).publishPercentileHistogram()
                .description("Latency of block transfers, per call").register(registry);
    }

    private <T> void gauge(String name, String unit, String description, T target, ToDoubleFunction<T> f) {
        Gauge.Builder<T> b = Gauge.builder(name, target, f).description(description);
        if (unit != null) {
            b.baseUnit(unit);
        }
        b.register(registry);
    }
}
