package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.BlockStatus;
import dev.tandem.protocol.kv.client.GetResult;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvStoreException;
import dev.tandem.protocol.kv.client.StreamingPut;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.PutSummary;
import dev.tandem.protocol.kv.client.SubscribeResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gRPC data plane of a running store, through the client library, over gRPC and shared memory. */
@QuarkusTest
class KvStoreGrpcServiceTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    PoolLifecycle lifecycle;

    KvClient grpc;
    KvClient shm;

    @BeforeEach
    void connect() {
        await().atMost(Duration.ofSeconds(10)).until(lifecycle::ready);
        grpc = KvStoreTestClients.client(url, KvTransport.GRPC);
        shm = KvStoreTestClients.client(url, KvTransport.SHM);
    }

    @AfterEach
    void close() {
        grpc.close();
        shm.close();
    }

    @Test
    void putThenGetReturnsTheSameBytesOverBothTransports() {
        List<BlockKey> keys = TestBlocks.keys(1000, 8);
        PutSummary put = grpc.put(TestBlocks.blocks(keys));
        assertEquals(8, put.stored() + put.duplicates());
        assertTrue(shm.usesSharedMemory(KvStoreTestClients.replica(url)), "the test client shares the store's host");

        TestBlocks.Collect viaGrpc = new TestBlocks.Collect(keys.size());
        TestBlocks.Collect viaShm = new TestBlocks.Collect(keys.size());
        assertTrue(grpc.get(keys, viaGrpc).allLanded());
        assertTrue(shm.get(keys, viaShm).allLanded());
        for (int i = 0; i < keys.size(); i++) {
            byte[] expected = TestBlocks.bytes(keys.get(i), TestBlocks.LAYOUT);
            assertArrayEquals(expected, viaGrpc.data[i], "grpc block " + i);
            assertArrayEquals(expected, viaShm.data[i], "shm block " + i);
            assertTrue(viaGrpc.landed[i] && viaShm.landed[i]);
        }
    }

    @Test
    void blocksWrittenOutOfOrderAreVerifiedAtTheirCommit() {
        // In-order chunks are checksummed as they are copied into the pool; out of order, the
        // commit checksums the slot. Both must hold the writer to its CRC32C.
        List<BlockKey> keys = TestBlocks.keys(1500, 2);
        byte[] first = TestBlocks.bytes(keys.get(0), TestBlocks.LAYOUT);
        byte[] second = TestBlocks.bytes(keys.get(1), TestBlocks.LAYOUT);
        int half = first.length / 2;
        try (StreamingPut put = grpc.openStreamingPut(Duration.ofSeconds(10))) {
            put.begin(keys.get(0), TestBlocks.LAYOUT);
            put.begin(keys.get(1), TestBlocks.LAYOUT);
            put.write(keys.get(0), half, MemorySegment.ofArray(first).asSlice(half));
            put.write(keys.get(1), half, MemorySegment.ofArray(second).asSlice(half));
            put.write(keys.get(0), 0, MemorySegment.ofArray(first).asSlice(0, half));
            put.write(keys.get(1), 0, MemorySegment.ofArray(second).asSlice(0, half));
            put.commit(keys.get(0), BlockChecksum.of(MemorySegment.ofArray(first)));
            put.commit(keys.get(1), BlockChecksum.of(MemorySegment.ofArray(first))); // not its bytes
            assertThrows(KvStoreException.class, put::finish);
        }
        TestBlocks.Collect got = new TestBlocks.Collect(keys.size());
        GetResult result = grpc.get(keys, got);
        assertEquals(BlockStatus.LANDED, result.statuses().get(0));
        assertArrayEquals(first, got.data[0]);
        assertEquals(BlockStatus.ABSENT, result.statuses().get(1), "a block failing its checksum is not stored");
    }

    @Test
    void sharedMemoryPutIsReadableOverGrpc() {
        List<BlockKey> keys = TestBlocks.keys(2000, 5);
        assertEquals(new PutSummary(5, 0), shm.put(TestBlocks.blocks(keys)));
        TestBlocks.Collect got = new TestBlocks.Collect(keys.size());
        assertTrue(grpc.get(keys, got).allLanded());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(TestBlocks.bytes(keys.get(i), TestBlocks.LAYOUT), got.data[i]);
        }
    }

    @Test
    void aSecondPutOfTheSameKeysIsADuplicate() {
        List<BlockKey> keys = TestBlocks.keys(3000, 3);
        assertEquals(new PutSummary(3, 0), grpc.put(TestBlocks.blocks(keys)));
        assertEquals(new PutSummary(0, 3), grpc.put(TestBlocks.blocks(keys)));
        assertEquals(new PutSummary(0, 3), shm.put(TestBlocks.blocks(keys)));
    }

    @Test
    void missingKeysAreReportedAbsentNextToHits() {
        List<BlockKey> stored = TestBlocks.keys(4000, 2);
        grpc.put(TestBlocks.blocks(stored));
        List<BlockKey> asked = List.of(stored.get(0), TestBlocks.key(4999), stored.get(1));
        for (KvClient client : List.of(grpc, shm)) {
            GetResult result = client.get(asked, new TestBlocks.Collect(3));
            assertEquals(List.of(BlockStatus.LANDED, BlockStatus.ABSENT, BlockStatus.LANDED), result.statuses());
        }
    }

    @Test
    void concurrentPutsAndGetsOfTheSameKeysLoseAndCorruptNothing() throws Exception {
        List<BlockKey> keys = TestBlocks.keys(5000, 24);
        int clients = 8;
        var pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int c = 0; c < clients; c++) {
                KvClient client = c % 2 == 0 ? grpc : shm;
                int offset = c;
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 3; round++) {
                        List<BlockKey> rotated = new java.util.ArrayList<>(keys);
                        java.util.Collections.rotate(rotated, offset * 3 + round);
                        client.put(TestBlocks.blocks(rotated));
                        TestBlocks.Collect got = new TestBlocks.Collect(rotated.size());
                        GetResult result = client.get(rotated, got);
                        for (int i = 0; i < rotated.size(); i++) {
                            assertEquals(BlockStatus.LANDED, result.statuses().get(i));
                            assertArrayEquals(TestBlocks.bytes(rotated.get(i), TestBlocks.LAYOUT), got.data[i]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (BlockKey key : keys) {
            assertTrue(lifecycle.store().contains(key));
        }
    }

    @Test
    void subscribeDeliversBlocksWrittenAfterItStartedAndTheEntry() throws Exception {
        List<BlockKey> keys = TestBlocks.keys(6000, 4);
        grpc.put(TestBlocks.blocks(keys.subList(0, 1)));
        PrefillResult entry = new PrefillResult("req-sub-1", 42, -0.25f,
                List.of(new PrefillResult.TokenLogprob(42, -0.25f), new PrefillResult.TokenLogprob(7, -1.5f)), keys);
        var writer = Executors.newSingleThreadScheduledExecutor();
        try {
            writer.schedule(() -> {
                grpc.put(TestBlocks.blocks(keys.subList(1, 3)));
                shm.put(TestBlocks.blocks(keys.subList(3, 4)));
                grpc.putEntry(entry);
            }, 300, TimeUnit.MILLISECONDS);
            for (KvClient client : List.of(grpc, shm)) {
                TestBlocks.Collect got = new TestBlocks.Collect(keys.size());
                long start = System.nanoTime();
                SubscribeResult result = client.subscribe(keys, "req-sub-1", Duration.ofSeconds(10), got);
                assertTrue(result.complete(true), result.toString());
                assertEquals(entry, result.entry().orElseThrow());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "returned as soon as all landed");
                for (int i = 0; i < keys.size(); i++) {
                    assertArrayEquals(TestBlocks.bytes(keys.get(i), TestBlocks.LAYOUT), got.data[i]);
                }
            }
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void subscribeTimesOutCleanlyWithWhatLanded() {
        List<BlockKey> keys = TestBlocks.keys(7000, 3);
        grpc.put(TestBlocks.blocks(keys.subList(0, 1)));
        long start = System.nanoTime();
        SubscribeResult result = grpc.subscribe(keys, "req-never", Duration.ofMillis(400), new TestBlocks.Collect(3));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(List.of(BlockStatus.LANDED, BlockStatus.TIMED_OUT, BlockStatus.TIMED_OUT), result.blocks().statuses());
        assertTrue(result.entry().isEmpty());
        assertTrue(ms >= 350 && ms < 5000, "took " + ms + " ms");
        // The store no longer waits for those keys: a later put lands normally and nothing stays pinned.
        grpc.put(TestBlocks.blocks(keys.subList(1, 3)));
        await().atMost(Duration.ofSeconds(5)).until(() -> lifecycle.store().pinnedCount() == 0);
    }

    @Test
    void requestEntriesRoundTrip() {
        PrefillResult entry = new PrefillResult("req-entry", 9, -0.5f, List.of(), TestBlocks.keys(8000, 2));
        grpc.putEntry(entry);
        assertEquals(entry, shm.getEntry("req-entry").orElseThrow());
        assertTrue(grpc.getEntry("req-unknown").isEmpty());
    }
}
