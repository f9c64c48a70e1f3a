package dev.tandem.kvstore.store;

import dev.tandem.kvstore.pool.SlabAllocator;
import dev.tandem.kvstore.pool.Slot;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.PrefillResult;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The KV block pool: content-addressed blocks in off-heap slabs, written by writers into private
 * slots and published atomically on commit (so a duplicate or a redelivered put never changes
 * bytes a reader can see), read under leases that pin them, evicted LRU from a high watermark, and
 * request-scoped entries that expire. Metadata changes happen under one lock and are O(1) (or
 * O(evicted)); block bytes are copied and checksummed outside it.
 */
public final class BlockStore {

    private final StoreSettings settings;
    private final MemorySegment memory;
    private final StoreMetrics metrics;
    private final LongSupplier nanoClock;
    private final BlockIndex index;
    private final Leases leases;
    private final Map<Long, WriteSlot> writes = new HashMap<>();
    private final Map<Long, List<WriteSlot>> reservations = new HashMap<>();
    private final Waiters waiters = new Waiters();
    private final RequestEntries entries = new RequestEntries();
    private long nextId = 1;
    private volatile boolean ready = true;

    /** A store over {@code memory} (the pool's data area, at least {@code settings.capacityBytes()} long). */
    public BlockStore(StoreSettings settings, MemorySegment memory, StoreMetrics metrics, LongSupplier nanoClock) {
        if (memory.byteSize() < settings.capacityBytes()) {
            throw new IllegalArgumentException("pool memory of " + memory.byteSize() + " bytes is below the capacity "
                    + settings.capacityBytes());
        }
        this.settings = settings;
        this.memory = memory;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.index = new BlockIndex(new SlabAllocator(settings.capacityBytes(), settings.slabBytes()), metrics);
        this.leases = new Leases(index);
        metrics.bindPool(this);
    }

    public StoreSettings settings() {
        return settings;
    }

    // ---- writes ----

    /**
     * Reserves a private slot for a block, or returns a duplicate when the key is stored already.
     *
     * @throws PoolFullException when every block that could make room is pinned
     */
    public synchronized WriteSlot beginWrite(BlockKey key, KvLayout layout, long length, Duration ttl) {
        checkReady();
        if (length != layout.blockBytes()) {
            throw new IllegalArgumentException("block " + key + " has " + length + " bytes but its layout needs "
                    + layout.blockBytes());
        }
        if (!index.fits(length)) {
            throw new IllegalArgumentException("a block of " + length + " bytes exceeds the slab size "
                    + settings.slabBytes() + "; raise tandem.kv.pool.slab-size");
        }
        if (index.get(key) != null) {
            return new WriteSlot(0, key, layout, length, null, 0);
        }
        Slot slot = index.allocate(length);
        if (slot == null) {
            expireLocked();
            slot = index.allocate(length);
        }
        if (slot == null) {
            metrics.rejected();
            throw new PoolFullException(String.format(
                    "kv pool full: %d of %d MiB in use by %d blocks pinned by leases and %d writes in progress; "
                            + "nothing can be evicted for a %d KiB block",
                    index.usedBytes() >> 20, index.capacityBytes() >> 20, index.pinnedCount(), writes.size(),
                    length >> 10));
        }
        WriteSlot write = new WriteSlot(nextId++, key, layout, length, slot, nanoClock.getAsLong() + ttl.toNanos());
        writes.put(write.id(), write);
        index.evictToWatermark(settings.highWatermark(), settings.lowWatermark());
        return write;
    }

    /** The slot's bytes, for its writer. */
    public MemorySegment writable(WriteSlot write) {
        return memory.asSlice(write.offset(), write.length());
    }

    /**
     * Verifies the written bytes against the writer's CRC32C and publishes the block.
     *
     * @return true when stored, false when the key was stored meanwhile (a duplicate)
     * @throws ChecksumMismatchException when the bytes do not match (the slot is freed)
     * @throws StoreNotReadyException    when the write expired or was aborted before the commit
     */
    public boolean commit(WriteSlot write, int crc32c) {
        return commit(write, crc32c, true);
    }

    /**
     * Publishes the block, verifying its bytes first when {@code verify} (skipped for shared-memory
     * writes, where no wire was crossed: readers verify every block they read).
     */
    public boolean commit(WriteSlot write, int crc32c, boolean verify) {
        if (write.duplicate()) {
            metrics.duplicate();
            return false;
        }
        return publish(write, crc32c, verify ? BlockChecksum.of(writable(write)) : crc32c);
    }

    /**
     * Publishes the block whose written bytes the caller checksummed as it wrote them (one pass
     * over the bytes instead of two): {@code received} is the CRC32C of the slot's bytes,
     * {@code crc32c} the writer's.
     *
     * @throws ChecksumMismatchException when they differ (the slot is freed)
     */
    public boolean commitChecked(WriteSlot write, int crc32c, int received) {
        if (write.duplicate()) {
            metrics.duplicate();
            return false;
        }
        return publish(write, crc32c, received);
    }

    private boolean publish(WriteSlot write, int crc32c, int actual) {
        List<Delivery> deliveries;
        synchronized (this) {
            if (writes.remove(write.id()) == null) {
                throw new StoreNotReadyException("write of block " + write.key() + " expired or was aborted before its commit");
            }
            if (actual != crc32c) {
                index.free(write.slot());
                metrics.commitChecksumFailure();
                throw new ChecksumMismatchException(String.format("block %s failed its checksum: writer CRC32C %08x, "
                        + "received bytes %08x", write.key(), crc32c, actual));
            }
            if (index.get(write.key()) != null) {
                index.free(write.slot());
                metrics.duplicate();
                return false;
            }
            StoredBlock block = new StoredBlock(write.key(), write.layout(), write.slot(), write.length(), crc32c);
            index.insert(block);
            metrics.stored();
            metrics.bytesIn(write.length());
            deliveries = waiters.landed(block, index);
        }
        deliveries.forEach(Delivery::deliver);
        return true;
    }

    /** Gives up a write: its slot is freed. */
    public synchronized void abort(WriteSlot write) {
        if (!write.duplicate() && writes.remove(write.id()) != null) {
            index.free(write.slot());
        }
    }

    /** Reserves slots for several blocks at once (shared-memory writers), under one reservation id. */
    public synchronized long reserve(List<WriteSlot> slots) {
        long id = nextId++;
        reservations.put(id, List.copyOf(slots));
        return id;
    }

    /** The writes of a reservation, removing it; empty when it expired. */
    public synchronized Optional<List<WriteSlot>> takeReservation(long id) {
        return Optional.ofNullable(reservations.remove(id));
    }

    // ---- reads ----

    /** Pins the stored ones of {@code keys} under a new lease; {@code found[i]} is null for a miss. */
    public synchronized Lease lease(List<BlockKey> keys, Duration ttl, StoredBlock[] found) {
        checkReady();
        Lease lease = newLease(ttl);
        for (int i = 0; i < keys.size(); i++) {
            StoredBlock block = index.get(keys.get(i));
            metrics.lookup(block != null);
            if (block != null) {
                index.pin(block);
                lease.pinned.add(block);
            }
            found[i] = block;
        }
        return lease;
    }

    /**
     * Ends a lease, or abandons a reservation (their ids never collide); false when it had already
     * ended, expired or been committed.
     */
    public synchronized boolean release(long id) {
        if (leases.release(id)) {
            return true;
        }
        List<WriteSlot> reserved = reservations.remove(id);
        if (reserved == null) {
            return false;
        }
        reserved.forEach(this::abort);
        return true;
    }

    /** A stored block's bytes. Only meaningful while the caller holds a pin on it. */
    public MemorySegment readable(StoredBlock block) {
        return memory.asSlice(block.offset(), block.length());
    }

    /** A reader found a block's bytes failing their checksum: it is dropped and will be a miss. */
    public synchronized void reportCorrupt(StoredBlock block) {
        metrics.readChecksumFailure();
        index.drop(block);
    }

    // ---- subscriptions and request entries ----

    /**
     * Waits for {@code keys} and, when {@code requestId} is set, the request's entry. What is
     * already there is delivered before this returns; the rest as it lands.
     */
    public Subscription subscribe(List<BlockKey> keys, String requestId, Duration leaseTtl, SubscriptionListener listener) {
        List<Delivery> now = new ArrayList<>();
        Subscription subscription;
        synchronized (this) {
            checkReady();
            subscription = new Subscription(List.copyOf(keys), requestId, newLease(leaseTtl), listener);
            for (int slot = 0; slot < keys.size(); slot++) {
                StoredBlock block = index.get(keys.get(slot));
                if (block != null) {
                    index.pin(block);
                    subscription.lease.pinned.add(block);
                    now.add(new Delivery(subscription, slot, block, null));
                } else {
                    waiters.await(keys.get(slot), subscription, slot);
                }
            }
            if (requestId != null) {
                PrefillResult entry = entries.get(requestId);
                if (entry != null) {
                    now.add(new Delivery(subscription, -1, null, entry));
                } else {
                    waiters.awaitEntry(requestId, subscription);
                }
            }
        }
        now.forEach(Delivery::deliver);
        return subscription;
    }

    /** Stops waiting; blocks already delivered stay pinned until the subscription's lease ends. */
    public synchronized void cancel(Subscription subscription) {
        subscription.cancelled = true;
        waiters.remove(subscription);
    }

    /** Stores (or replaces) a request's entry; it expires after the request TTL. */
    public void putEntry(PrefillResult result) {
        List<Delivery> deliveries;
        synchronized (this) {
            checkReady();
            entries.put(result, nanoClock.getAsLong() + settings.requestTtl().toNanos());
            deliveries = waiters.entryLanded(result);
        }
        deliveries.forEach(Delivery::deliver);
    }

    public synchronized Optional<PrefillResult> entry(String requestId) {
        return Optional.ofNullable(entries.get(requestId));
    }

    // ---- upkeep ----

    /** Ends expired leases, reservations and writes, and drops expired request entries. */
    public synchronized void expire() {
        expireLocked();
    }

    /** Stops taking work (shutdown). */
    public void close() {
        ready = false;
    }

    public boolean ready() {
        return ready;
    }

    public synchronized long usedBytes() {
        return index.usedBytes();
    }

    public long capacityBytes() {
        return settings.capacityBytes() / settings.slabBytes() * settings.slabBytes();
    }

    public synchronized int blockCount() {
        return index.size();
    }

    public synchronized int pinnedCount() {
        return index.pinnedCount();
    }

    public synchronized boolean contains(BlockKey key) {
        return index.get(key) != null;
    }

    private Lease newLease(Duration ttl) {
        return leases.open(nextId++, nanoClock.getAsLong() + ttl.toNanos());
    }

    private void expireLocked() {
        long now = nanoClock.getAsLong();
        leases.expire(now);
        for (Iterator<WriteSlot> it = writes.values().iterator(); it.hasNext(); ) {
            WriteSlot write = it.next();
            if (now - write.expiresAtNanos >= 0) {
                it.remove();
                index.free(write.slot());
            }
        }
        reservations.values().removeIf(slots -> slots.stream().noneMatch(w -> w.duplicate() || writes.containsKey(w.id())));
        entries.expire(now);
    }

    private void checkReady() {
        if (!ready) {
            throw new StoreNotReadyException("the kv store is shutting down");
        }
    }
}
