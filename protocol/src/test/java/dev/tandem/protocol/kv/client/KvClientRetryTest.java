package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, deadlines and placement of the client against scripted stores on loopback. */
class KvClientRetryTest {

    private final List<AutoCloseable> open = new ArrayList<>();

    private static KvClientConfig config() {
        return KvClientConfig.defaults().withMaxAttempts(3).withInitialBackoff(Duration.ofMillis(5))
                .withDeadline(Duration.ofSeconds(5));
    }

    private FakeStore store() throws IOException {
        FakeStore store = new FakeStore();
        open.add(store);
        return store;
    }

    private KvClient client(KvClientConfig config, Replica... replicas) {
        KvClient client = KvClient.connect(new StaticReplicas(List.of(replicas)), config);
        open.add(client);
        return client;
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aGetRetriesUnavailableAndThenLands() throws IOException {
        FakeStore store = store();
        store.blocks.put(ClientTestBlocks.key(1), ClientTestBlocks.bytes(1));
        store.failGets = 2;
        ClientTestBlocks.Collect got = new ClientTestBlocks.Collect(1);
        GetResult result = client(config(), store.replica()).get(List.of(ClientTestBlocks.key(1)), got);
        assertEquals(List.of(BlockStatus.LANDED), result.statuses());
        assertArrayEquals(ClientTestBlocks.bytes(1), got.data[0]);
        assertEquals(3, store.getCalls.get());
    }

    @Test
    void aGetThatKeepsFailingEndsAsMissesNotAnException() throws IOException {
        FakeStore store = store();
        store.failGets = 100;
        GetResult result = client(config(), store.replica()).get(List.of(ClientTestBlocks.key(1), ClientTestBlocks.key(2)),
                new ClientTestBlocks.Collect(2));
        assertEquals(List.of(BlockStatus.UNAVAILABLE, BlockStatus.UNAVAILABLE), result.statuses());
        assertEquals(3, store.getCalls.get());
    }

    @Test
    void aPutRetriesAChecksumFailureOnTheWire() throws IOException {
        FakeStore store = store();
        store.failWith = Status.DATA_LOSS;
        store.failPuts = 1;
        PutSummary summary = client(config(), store.replica()).put(List.of(ClientTestBlocks.block(1), ClientTestBlocks.block(2)));
        assertEquals(new PutSummary(2, 0), summary);
        assertEquals(2, store.putCalls.get());
    }

    @Test
    void aFullPoolFailsAtOnceWithTheStoresMessage() throws IOException {
        FakeStore store = store();
        store.failWith = Status.RESOURCE_EXHAUSTED;
        store.failPuts = 100;
        KvClient client = client(config(), store.replica());
        var e = assertThrows(KvStoreException.class, () -> client.put(List.of(ClientTestBlocks.block(1))));
        assertEquals(KvStoreException.Kind.POOL_FULL, e.kind());
        assertTrue(e.getMessage().contains("scripted failure 1"), e.getMessage());
        assertEquals(1, store.putCalls.get(), "not retried");
    }

    @Test
    void aHangingStoreCostsNoMoreThanTheDeadline() throws IOException {
        FakeStore store = store();
        store.hang = true;
        KvClient client = client(config().withDeadline(Duration.ofMillis(300)), store.replica());
        long start = System.nanoTime();
        GetResult result = client.get(List.of(ClientTestBlocks.key(1)), new ClientTestBlocks.Collect(1));
        assertEquals(List.of(BlockStatus.UNAVAILABLE), result.statuses());
        var e = assertThrows(KvStoreException.class, () -> client.put(List.of(ClientTestBlocks.block(1))));
        assertEquals(KvStoreException.Kind.DEADLINE_EXCEEDED, e.kind());
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 2500, "two 300 ms deadlines took " + ms + " ms");
    }

    @Test
    void anUnreachableReplicaCostsCacheNotCorrectness() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        KvClient client = client(config(), new Replica("127.0.0.1", port));
        GetResult result = client.get(List.of(ClientTestBlocks.key(1)), new ClientTestBlocks.Collect(1));
        assertEquals(List.of(BlockStatus.UNAVAILABLE), result.statuses());
        var e = assertThrows(KvStoreException.class, () -> client.put(List.of(ClientTestBlocks.block(1))));
        assertEquals(KvStoreException.Kind.UNAVAILABLE, e.kind());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    }

    @Test
    void eachKeyGoesToTheReplicaPlacementPicks() throws IOException {
        FakeStore a = store();
        FakeStore b = store();
        List<BlockKey> keys = IntStream.range(0, 40).mapToObj(ClientTestBlocks::key).toList();
        List<Replica> replicas = List.of(a.replica(), b.replica());
        for (int i = 0; i < keys.size(); i++) {
            (RendezvousPlacement.place(keys.get(i), replicas).equals(a.replica()) ? a : b)
                    .blocks.put(keys.get(i), ClientTestBlocks.bytes(i));
        }
        ClientTestBlocks.Collect got = new ClientTestBlocks.Collect(keys.size());
        GetResult result = client(config().withConnections(2), a.replica(), b.replica()).get(keys, got);
        assertTrue(result.allLanded(), result.toString());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(ClientTestBlocks.bytes(i), got.data[i]);
        }
        assertTrue(a.keysAsked.size() > 5 && b.keysAsked.size() > 5, "both replicas serve");
        assertEquals(keys.size(), a.keysAsked.size() + b.keysAsked.size(), "each key asked once, of its own replica");
    }
}
