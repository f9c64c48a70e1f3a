package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.kvstore.store.StoredBlock;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.client.BlockStatus;
import dev.tandem.protocol.kv.client.GetResult;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvStoreException;
import dev.tandem.protocol.kv.client.KvTransport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Corrupted bytes, on the wire in either direction or in the pool, are detected and never returned. */
@QuarkusTest
class ChecksumTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    PoolLifecycle lifecycle;

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(10)).until(lifecycle::ready);
    }

    private KvClient corrupting(WireCorruption hook) {
        return KvStoreTestClients.client(url, KvStoreTestClients.config(KvTransport.GRPC).withInterceptors(List.of(hook)));
    }

    private double failures(String stage) {
        var counter = lifecycle.metrics().registry().find("tandem.kv.checksum.failures").tag("stage", stage).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aByteFlippedOnTheWayToTheReaderIsACorruptMissNeverALandedBlock() {
        List<BlockKey> keys = TestBlocks.keys(20_000, 2);
        WireCorruption always = new WireCorruption(Integer.MAX_VALUE);
        try (KvClient clean = KvStoreTestClients.client(url, KvTransport.GRPC); KvClient client = corrupting(always)) {
            clean.put(TestBlocks.blocks(keys));
            TestBlocks.Collect got = new TestBlocks.Collect(2);
            GetResult result = client.get(keys, got);
            assertEquals(List.of(BlockStatus.CORRUPT, BlockStatus.CORRUPT), result.statuses());
            assertFalse(got.landed[0] || got.landed[1], "never handed to the reader");
            assertEquals(2 * 3, always.flipped.get(), "each block tried on every attempt");
        }
    }

    @Test
    void aOneOffFlipOnTheWireIsRetriedAndTheRightBytesLand() {
        List<BlockKey> keys = TestBlocks.keys(21_000, 3);
        WireCorruption once = new WireCorruption(1);
        try (KvClient clean = KvStoreTestClients.client(url, KvTransport.GRPC); KvClient client = corrupting(once)) {
            clean.put(TestBlocks.blocks(keys));
            TestBlocks.Collect got = new TestBlocks.Collect(3);
            assertTrue(client.get(keys, got).allLanded());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(TestBlocks.bytes(keys.get(i), TestBlocks.LAYOUT), got.data[i]);
            }
            assertEquals(1, once.flipped.get());
        }
    }

    @Test
    void aByteFlippedOnTheWayToTheStoreIsRefusedAtCommit() {
        List<BlockKey> keys = TestBlocks.keys(22_000, 2);
        double before = failures("commit");
        try (KvClient always = corrupting(new WireCorruption(Integer.MAX_VALUE));
             KvClient once = corrupting(new WireCorruption(1))) {
            var e = assertThrows(KvStoreException.class, () -> always.put(TestBlocks.blocks(keys)));
            assertEquals(KvStoreException.Kind.CHECKSUM, e.kind());
            assertTrue(e.getMessage().contains("failed its checksum"), e.getMessage());
            assertFalse(lifecycle.store().contains(keys.get(0)));
            once.put(TestBlocks.blocks(keys)); // first attempt refused, the retry stores
            assertTrue(lifecycle.store().contains(keys.get(0)) && lifecycle.store().contains(keys.get(1)));
        }
        assertTrue(failures("commit") >= before + 4, "counted");
    }

    @Test
    void aBlockCorruptedInThePoolIsDetectedOnReadAndDropped() {
        BlockKey key = TestBlocks.key(23_000);
        double before = failures("read");
        try (KvClient grpc = KvStoreTestClients.client(url, KvTransport.GRPC);
             KvClient shm = KvStoreTestClients.client(url, KvTransport.SHM)) {
            grpc.put(List.of(TestBlocks.block(key)));
            StoredBlock[] found = new StoredBlock[1];
            long lease = lifecycle.store().lease(List.of(key), Duration.ofSeconds(5), found).id();
            MemorySegment bytes = lifecycle.store().readable(found[0]);
            bytes.set(ValueLayout.JAVA_BYTE, 5, (byte) (bytes.get(ValueLayout.JAVA_BYTE, 5) ^ 1));
            lifecycle.store().release(lease);

            TestBlocks.Collect viaShm = new TestBlocks.Collect(1);
            assertEquals(List.of(BlockStatus.CORRUPT), shm.get(List.of(key), viaShm).statuses(), "reader verifies");
            assertFalse(viaShm.landed[0]);
            TestBlocks.Collect viaGrpc = new TestBlocks.Collect(1);
            GetResult result = grpc.get(List.of(key), viaGrpc);
            assertFalse(viaGrpc.landed[0]);
            assertTrue(result.statuses().get(0) == BlockStatus.CORRUPT || result.statuses().get(0) == BlockStatus.ABSENT,
                    result.toString());
            assertFalse(lifecycle.store().contains(key), "the store dropped it: a miss from now on");
            assertEquals(List.of(BlockStatus.ABSENT), grpc.get(List.of(key), new TestBlocks.Collect(1)).statuses());
        }
        assertEquals(before + 1, failures("read"));
    }
}
