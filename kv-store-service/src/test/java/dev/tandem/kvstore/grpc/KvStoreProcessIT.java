package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.BlockStatus;
import dev.tandem.protocol.kv.client.GetResult;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.SubscribeResult;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged store in its own process, used by clients in this one: shared memory maps another
 * process's pool file, and many concurrent clients race on the same keys.
 */
@QuarkusIntegrationTest
class KvStoreProcessIT {

    @TestHTTPResource("/")
    URL url;

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> given().when().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void clientsInAnotherProcessRaceOnTheSameKeysAndLoseNothing() throws Exception {
        awaitReady();
        List<BlockKey> keys = TestBlocks.keys(50_000, 32);
        var pool = Executors.newFixedThreadPool(8);
        List<KvClient> clients = new ArrayList<>();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                KvClient client = KvStoreTestClients.client(url, c % 2 == 0 ? KvTransport.GRPC : KvTransport.SHM);
                clients.add(client);
                int shift = c * 5;
                futures.add(pool.submit(() -> {
                    List<BlockKey> mine = new ArrayList<>(keys);
                    Collections.rotate(mine, shift);
                    for (int round = 0; round < 3; round++) {
                        client.put(TestBlocks.blocks(mine));
                        TestBlocks.Collect got = new TestBlocks.Collect(mine.size());
                        GetResult result = client.get(mine, got);
                        for (int i = 0; i < mine.size(); i++) {
                            assertEquals(BlockStatus.LANDED, result.statuses().get(i));
                            assertArrayEquals(TestBlocks.bytes(mine.get(i), TestBlocks.LAYOUT), got.data[i]);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
            assertTrue(clients.get(1).usesSharedMemory(KvStoreTestClients.replica(url)), "maps the store's pool file");
        } finally {
            pool.shutdownNow();
            clients.forEach(KvClient::close);
        }
    }

    @Test
    void sharedMemoryAndGrpcReturnByteIdenticalBlocksAndSubscribeMeetsAWriter() throws Exception {
        awaitReady();
        List<BlockKey> keys = TestBlocks.keys(60_000, 6);
        try (KvClient grpc = KvStoreTestClients.client(url, KvTransport.GRPC);
             KvClient shm = KvStoreTestClients.client(url, KvTransport.SHM)) {
            var writer = Executors.newSingleThreadScheduledExecutor();
            try {
                writer.schedule(() -> {
                    for (BlockKey key : keys) {
                        shm.put(List.of(TestBlocks.block(key)));
                    }
                    shm.putEntry(new PrefillResult("it-req", 3, -0.1f, List.of(), keys));
                }, 200, TimeUnit.MILLISECONDS);
                TestBlocks.Collect subscribed = new TestBlocks.Collect(keys.size());
                SubscribeResult result = grpc.subscribe(keys, "it-req", Duration.ofSeconds(20), subscribed);
                assertTrue(result.complete(true), result.toString());
            } finally {
                writer.shutdownNow();
            }
            TestBlocks.Collect viaGrpc = new TestBlocks.Collect(keys.size());
            TestBlocks.Collect viaShm = new TestBlocks.Collect(keys.size());
            assertTrue(grpc.get(keys, viaGrpc).allLanded());
            assertTrue(shm.get(keys, viaShm).allLanded());
            for (int i = 0; i < keys.size(); i++) {
                assertArrayEquals(viaGrpc.data[i], viaShm.data[i]);
                assertArrayEquals(TestBlocks.bytes(keys.get(i), TestBlocks.LAYOUT), viaShm.data[i]);
            }
        }
    }
}
