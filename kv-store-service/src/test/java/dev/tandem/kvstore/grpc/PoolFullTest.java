package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.kvstore.store.StoredBlock;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvDType;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.client.KvBlock;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvStoreException;
import dev.tandem.protocol.kv.client.KvTransport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A pool whose every block is leased refuses puts at once, with an error that says why. */
@QuarkusTest
class PoolFullTest {

    /** 4 MiB blocks: one per 4 MiB test slab, so the 64 MiB test pool holds 16. */
    static final KvLayout BIG = new KvLayout(KvDType.BF16, 8, 8, 128, 16);

    @TestHTTPResource("/")
    URL url;

    @Inject
    PoolLifecycle lifecycle;

    @Test
    void aPutIntoAPoolFullOfLeasedBlocksFailsFastWithAClearError() {
        await().atMost(Duration.ofSeconds(10)).until(lifecycle::ready);
        List<Long> leases = new ArrayList<>();
        Arena arena = Arena.ofConfined();
        try (KvClient client = KvStoreTestClients.client(url, KvTransport.GRPC)) {
            int blocks = (int) (lifecycle.store().capacityBytes() / BIG.blockBytes());
            for (int i = 0; i < blocks; i++) {
                BlockKey key = TestBlocks.key(30_000 + i);
                client.put(List.of(new KvBlock(key, BIG, arena.allocate(BIG.blockBytes()))));
                leases.add(lifecycle.store().lease(List.of(key), Duration.ofMinutes(1), new StoredBlock[1]).id());
            }
            assertEquals(blocks, lifecycle.store().pinnedCount());
            KvBlock oneMore = new KvBlock(TestBlocks.key(39_999), BIG, arena.allocate(BIG.blockBytes()));
            long start = System.nanoTime();
            var e = assertThrows(KvStoreException.class, () -> client.put(List.of(oneMore)));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(KvStoreException.Kind.POOL_FULL, e.kind());
            assertTrue(e.getMessage().contains("kv pool full"), e.getMessage());
            assertTrue(ms < 2000, "failed fast, in " + ms + " ms");

            leases.forEach(lifecycle.store()::release);
            leases.clear();
            client.put(List.of(oneMore)); // room again: LRU eviction takes an unpinned block
        } finally {
            leases.forEach(lifecycle.store()::release);
            arena.close();
        }
    }
}
