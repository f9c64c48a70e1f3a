package dev.tandem.kvstore.store;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.tandem.kvstore.store.StoreFixture.BLOCK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockStoreTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    @Test
    void aCommittedBlockReadsBackUnderALease() {
        StoreFixture f = new StoreFixture(16, 0.9, 0.8);
        BlockKey key = TestBlocks.key(1);
        assertTrue(f.put(key));
        StoredBlock[] found = new StoredBlock[1];
        Lease lease = f.store.lease(List.of(key), TTL, found);
        assertArrayEquals(TestBlocks.bytes(key, TestBlocks.LAYOUT), f.read(found[0]));
        assertEquals(1, f.store.pinnedCount());
        assertTrue(f.store.release(lease.id()));
        assertFalse(f.store.release(lease.id()), "a lease ends once");
        assertEquals(0, f.store.pinnedCount());
        assertEquals(1, f.counter("tandem.kv.blocks.stored"));
    }

    @Test
    void aKeyPutTwiceIsStoredOnceAndItsBytesNeverChange() {
        StoreFixture f = new StoreFixture(16, 0.9, 0.8);
        BlockKey key = TestBlocks.key(2);
        byte[] bytes = TestBlocks.bytes(key, TestBlocks.LAYOUT);
        int crc = BlockChecksum.of(MemorySegment.ofArray(bytes));
        // Two writers race (a redelivered prefill): each gets a private slot.
        WriteSlot first = f.store.beginWrite(key, TestBlocks.LAYOUT, BLOCK, TTL);
        WriteSlot second = f.store.beginWrite(key, TestBlocks.LAYOUT, BLOCK, TTL);
        assertNotEquals(first.offset(), second.offset());
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, f.store.writable(first), 0, BLOCK);
        MemorySegment.copy(MemorySegment.ofArray(bytes), 0, f.store.writable(second), 0, BLOCK);
        assertTrue(f.store.commit(first, crc));
        StoredBlock[] found = new StoredBlock[1];
        f.store.lease(List.of(key), TTL, found);
        assertFalse(f.store.commit(second, crc), "second commit is a duplicate");
        // A third racer writes garbage into its own slot: refused, and the published block is untouched.
        WriteSlot third = f.store.beginWrite(TestBlocks.key(99), TestBlocks.LAYOUT, BLOCK, TTL);
        f.store.writable(third).fill((byte) 7);
        assertThrows(ChecksumMismatchException.class, () -> f.store.commit(third, crc));
        assertArrayEquals(bytes, f.read(found[0]));
        assertEquals(1, f.store.blockCount());
        assertEquals(f.store.usedBytes(), (long) BLOCK, "the loser's slot was freed");
        // A put of a stored key does not even get a slot.
        assertTrue(f.store.beginWrite(key, TestBlocks.LAYOUT, BLOCK, TTL).duplicate());
    }

    @Test
    void aCommitWhoseBytesFailTheWritersChecksumIsRefused() {
        StoreFixture f = new StoreFixture(16, 0.9, 0.8);
        BlockKey key = TestBlocks.key(3);
        WriteSlot w = f.store.beginWrite(key, TestBlocks.LAYOUT, BLOCK, TTL);
        f.store.writable(w).fill((byte) 1);
        var e = assertThrows(ChecksumMismatchException.class, () -> f.store.commit(w, 12345));
        assertTrue(e.getMessage().contains("failed its checksum"), e.getMessage());
        assertFalse(f.store.contains(key));
        assertEquals(0, f.store.usedBytes());
        assertEquals(1, f.counter("tandem.kv.checksum.failures"));
    }

    @Test
    void aBlockFoundCorruptOnReadIsDroppedAndItsSlotFreedAfterTheLastPin() {
        StoreFixture f = new StoreFixture(16, 0.9, 0.8);
        BlockKey key = TestBlocks.key(4);
        f.put(key);
        StoredBlock[] found = new StoredBlock[1];
        Lease lease = f.store.lease(List.of(key), TTL, found);
        f.store.readable(found[0]).set(ValueLayout.JAVA_BYTE, 100, (byte) ~f.store.readable(found[0]).get(ValueLayout.JAVA_BYTE, 100));
        assertFalse(BlockChecksum.of(f.store.readable(found[0])) == found[0].crc32c());
        f.store.reportCorrupt(found[0]);
        assertFalse(f.store.contains(key), "a corrupt block is a miss from now on");
        assertEquals(BLOCK, f.store.usedBytes(), "still pinned by the reader");
        f.store.release(lease.id());
        assertEquals(0, f.store.usedBytes());
        assertTrue(f.put(key), "a fresh put stores it again");
    }

    @Test
    void evictionStartsAtTheHighWatermarkAndTakesTheLeastRecentlyUsed() {
        StoreFixture f = new StoreFixture(16, 0.75, 0.5);
        List<BlockKey> keys = TestBlocks.keys(100, 11);
        keys.forEach(f::put);
        assertEquals(11, f.store.blockCount(), "below the high watermark nothing is evicted");
        // Reading block 0 makes it the most recently used.
        StoredBlock[] found = new StoredBlock[1];
        f.store.release(f.store.lease(List.of(keys.get(0)), TTL, found).id());
        f.put(TestBlocks.key(200)); // 12 of 16 = 75%: evict down to 50%
        assertEquals(8, f.store.blockCount());
        for (int i = 1; i <= 4; i++) {
            assertFalse(f.store.contains(keys.get(i)), "oldest evicted: " + i);
        }
        assertTrue(f.store.contains(keys.get(0)), "recently read block kept");
        assertTrue(f.store.contains(TestBlocks.key(200)));
        assertEquals(4, f.counter("tandem.kv.blocks.evicted"));
    }

    @Test
    void evictionNeverDropsALeasedBlock() {
        StoreFixture f = new StoreFixture(8, 0.9, 0.5);
        BlockKey leased = TestBlocks.key(300);
        f.put(leased);
        StoredBlock[] found = new StoredBlock[1];
        Lease lease = f.store.lease(List.of(leased), TTL, found);
        for (BlockKey k : TestBlocks.keys(301, 40)) {
            f.put(k);
        }
        assertTrue(f.store.contains(leased));
        assertArrayEquals(TestBlocks.bytes(leased, TestBlocks.LAYOUT), f.read(found[0]));
        f.store.release(lease.id());
        for (BlockKey k : TestBlocks.keys(400, 40)) {
            f.put(k);
        }
        assertFalse(f.store.contains(leased), "evictable again once released");
    }

    @Test
    void leasesExpire() {
        StoreFixture f = new StoreFixture(8, 0.9, 0.5);
        BlockKey key = TestBlocks.key(500);
        f.put(key);
        Lease lease = f.store.lease(List.of(key), Duration.ofSeconds(2), new StoredBlock[1]);
        f.advance(Duration.ofSeconds(1));
        f.store.expire();
        assertEquals(1, f.store.pinnedCount());
        f.advance(Duration.ofSeconds(2));
        f.store.expire();
        assertEquals(0, f.store.pinnedCount());
        assertFalse(f.store.release(lease.id()), "already expired");
    }

    @Test
    void aPoolFullOfPinnedBlocksRefusesAPutAtOnce() {
        StoreFixture f = new StoreFixture(8, 1.0, 1.0);
        List<BlockKey> keys = TestBlocks.keys(600, 8);
        keys.forEach(f::put);
        f.store.lease(keys, TTL, new StoredBlock[8]);
        long start = System.nanoTime();
        var e = assertThrows(PoolFullException.class, () -> f.put(TestBlocks.key(700)));
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "fails fast");
        assertTrue(e.getMessage().startsWith("kv pool full:"), e.getMessage());
        assertTrue(e.getMessage().contains("8 blocks pinned"), e.getMessage());
        assertEquals(1, f.counter("tandem.kv.puts.rejected"));
        // Expired leases make room: the next put succeeds.
        f.advance(TTL.plusSeconds(1));
        assertTrue(f.put(TestBlocks.key(700)));
    }

    @Test
    void anUncommittedWriteExpiresAndGivesItsSlotBack() {
        StoreFixture f = new StoreFixture(8, 0.9, 0.8);
        WriteSlot w = f.store.beginWrite(TestBlocks.key(800), TestBlocks.LAYOUT, BLOCK, Duration.ofSeconds(5));
        assertEquals(BLOCK, f.store.usedBytes());
        f.advance(Duration.ofSeconds(6));
        f.store.expire();
        assertEquals(0, f.store.usedBytes());
        assertThrows(StoreNotReadyException.class, () -> f.store.commit(w, 0));
    }

    @Test
    void requestEntriesExpireAfterTheirTtl() {
        StoreFixture f = new StoreFixture(8, 0.9, 0.8);
        PrefillResult entry = new PrefillResult("r1", 5, -0.1f, List.of(), TestBlocks.keys(900, 2));
        f.store.putEntry(entry);
        f.advance(Duration.ofSeconds(59));
        f.store.expire();
        assertEquals(entry, f.store.entry("r1").orElseThrow());
        f.advance(Duration.ofSeconds(2));
        f.store.expire();
        assertTrue(f.store.entry("r1").isEmpty());
    }

    @Test
    void aSubscriptionGetsStoredBlocksAtOnceAndOthersAsTheyLand() {
        StoreFixture f = new StoreFixture(16, 0.9, 0.8);
        List<BlockKey> keys = TestBlocks.keys(1000, 3);
        f.put(keys.get(1));
        List<String> events = new ArrayList<>();
        SubscriptionListener listener = new SubscriptionListener() {
            @Override
            public void onBlock(int slot, StoredBlock block) {
                events.add("block " + slot);
            }

            @Override
            public void onEntry(PrefillResult entry) {
                events.add("entry " + entry.requestId());
            }
        };
        Subscription sub = f.store.subscribe(keys, "rq", TTL, listener);
        assertEquals(List.of("block 1"), events);
        f.put(keys.get(2));
        f.store.putEntry(new PrefillResult("rq", 1, 0f, List.of(), keys));
        assertEquals(List.of("block 1", "block 2", "entry rq"), events);
        assertEquals(2, f.store.pinnedCount(), "delivered blocks are pinned for the reader");
        f.store.cancel(sub);
        f.put(keys.get(0));
        assertEquals(3, events.size(), "no delivery after cancel");
        f.store.release(sub.lease().id());
        assertEquals(0, f.store.pinnedCount());
    }

    @Test
    void aBlockWhoseLengthDisagreesWithItsLayoutIsRefused() {
        StoreFixture f = new StoreFixture(8, 0.9, 0.8);
        var e = assertThrows(IllegalArgumentException.class,
                () -> f.store.beginWrite(TestBlocks.key(1), TestBlocks.LAYOUT, BLOCK - 1, TTL));
        assertTrue(e.getMessage().contains("layout needs"), e.getMessage());
    }

    private static void assertNotEquals(long a, long b) {
        assertFalse(a == b, a + " == " + b);
    }
}
