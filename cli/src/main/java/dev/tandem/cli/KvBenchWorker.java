package dev.tandem.cli;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.client.BlockSink;
import dev.tandem.protocol.kv.client.BlockStatus;
import dev.tandem.protocol.kv.client.GetResult;
import dev.tandem.protocol.kv.client.KvBlock;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvClientConfig;
import dev.tandem.protocol.kv.client.KvTransport;
import dev.tandem.protocol.kv.client.Replica;
import dev.tandem.protocol.kv.client.StaticReplicas;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * {@code tandem bench kv-worker}: one side of {@code bench kv}, run in its own process — the
 * writer (puts every block, {@code --batch} blocks per call, from {@code --streams} threads), the
 * reader (gets them back the same way and checks them), or the TCP sink of the loopback baseline.
 * Prints one JSON line.
 */
@Command(name = "kv-worker", hidden = true, description = "A process of `bench kv` (internal).")
final class KvBenchWorker implements Callable<Integer> {

    enum Role { writer, reader, tcp_sink }

    @Option(names = "--role", required = true)
    Role role;

    @Option(names = "--store")
    String store;

    @Option(names = "--transport", defaultValue = "grpc")
    KvBenchCommand.Transport transport;

    @Option(names = "--block-bytes", defaultValue = "4194304")
    long blockBytes;

    @Option(names = "--blocks", defaultValue = "256")
    int blocks;

    @Option(names = "--streams", defaultValue = "1")
    int streams;

    @Option(names = "--warmup", defaultValue = "-1", description = "Warm-up blocks; -1: passes for --warmup-seconds.")
    int warmup;

    @Option(names = "--warmup-seconds", defaultValue = "5")
    double warmupSeconds;

    @Option(names = "--warmup-written", defaultValue = "0", description = "Reader: how many warm-up blocks the writer put.")
    int warmupWritten;

    @Option(names = "--batch", defaultValue = "16")
    int batch;

    @Option(names = "--run", defaultValue = "1")
    long run;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (role == Role.tcp_sink) {
            LoopbackBaseline.sink(streams, blockBytes, out);
            return 0;
        }
        KvLayout layout = KvBenchData.layout(blockBytes);
        KvClientConfig config = KvClientConfig.defaults()
                .withTransport(transport == KvBenchCommand.Transport.shm ? KvTransport.SHM : KvTransport.GRPC)
                .withConnections(streams).withDeadline(Duration.ofSeconds(120));
        try (Arena arena = Arena.ofShared();
             KvClient client = KvClient.connect(new StaticReplicas(List.of(Replica.parse(store))), config)) {
            if (transport == KvBenchCommand.Transport.shm && !client.usesSharedMemory(Replica.parse(store))) {
                throw new IllegalStateException("cannot map the store's pool file: shared memory needs the store on this host");
            }
            MemorySegment[] memory = KvBenchData.allocate(arena, blocks, blockBytes);
            if (role == Role.writer) {
                for (int i = 0; i < memory.length; i++) {
                    KvBenchData.fill(memory[i], run, i);
                }
            }
            int warmed = warmUp(client, layout, memory);
            long[] latencies = new long[blocks];
            long nanos = timed(blocks, (from, to, landed) -> {
                long start = System.nanoTime();
                transfer(client, layout, i -> KvBenchData.key(run, i), memory, from, to, landed);
                for (int i = from; i < to; i++) {
                    latencies[i] = landed[i] - start;
                }
            });
            if (role == Role.reader) {
                verify(memory);
            }
            StringBuilder json = new StringBuilder("{\"role\":\"").append(role).append("\",\"bytes\":")
                    .append(blocks * blockBytes).append(",\"warmup_blocks\":").append(warmed)
                    .append(",\"seconds\":").append(nanos / 1e9).append(",\"latencies_ms\":[");
            for (int i = 0; i < blocks; i++) {
                json.append(i == 0 ? "" : ",").append(latencies[i] / 1e6);
            }
            out.println(json.append("]}"));
        }
        return 0;
    }

    /**
     * Moves blocks untimed (JIT, connections) on keys of another run: the writer puts warm-up block
     * i under key i; the reader gets the writer's last pass of them (older ones may be evicted)
     * again and again. Returns the blocks moved.
     */
    private int warmUp(KvClient client, KvLayout layout, MemorySegment[] memory) throws Exception {
        KvBenchWarmup plan = new KvBenchWarmup(warmup, warmupSeconds);
        int window = Math.min(warmupWritten, blocks);
        if (role == Role.reader && window == 0) {
            return 0;
        }
        return plan.run(blocks, (first, n) -> {
            IntFunction<BlockKey> key = role == Role.writer ? i -> KvBenchData.key(run + 1, first + i)
                    : i -> KvBenchData.key(run + 1, warmupWritten - window + (first + i) % window);
            timed(n, (from, to, landed) -> transfer(client, layout, key, memory, from, to, landed));
        });
    }

    /**
     * Moves blocks {@code [from, to)} in one call, block i under {@code key(i)} from or to
     * {@code memory[i % memory.length]}; {@code landed[i]} gets the time block i was through (for a
     * put, when the call returned; for a get, when the block landed verified).
     */
    private void transfer(KvClient client, KvLayout layout, IntFunction<BlockKey> key, MemorySegment[] memory, int from,
                          int to, long[] landed) {
        if (role == Role.writer) {
            List<KvBlock> batch = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                batch.add(new KvBlock(key.apply(i), layout, memory[i % memory.length]));
            }
            client.put(batch);
            long now = System.nanoTime();
            for (int i = from; i < to; i++) {
                landed[i] = now;
            }
            return;
        }
        List<BlockKey> keys = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            keys.add(key.apply(i));
        }
        GetResult result = client.get(keys, new BlockSink() {
            @Override
            public MemorySegment target(int index, BlockKey key, KvLayout l, long length) {
                return memory[(from + index) % memory.length];
            }

            @Override
            public void landed(int index) {
                landed[from + index] = System.nanoTime();
            }
        });
        for (int i = 0; i < keys.size(); i++) {
            if (result.statuses().get(i) != BlockStatus.LANDED) {
                throw new IllegalStateException("block " + keys.get(i) + " did not land: " + result.statuses().get(i));
            }
        }
    }

    /** Runs {@code n} transfers in batches over {@code streams} threads; returns the wall time in nanoseconds. */
    private long timed(int n, BatchTask task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long[] landed = new long[n];
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[Math.min(streams, Math.max(n, 1))];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                try {
                    for (int from; (from = next.getAndAdd(batch)) < n && failure[0] == null; ) {
                        task.run(from, Math.min(n, from + batch), landed);
                    }
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(failure[0].getMessage(), failure[0]);
        }
        return System.nanoTime() - start;
    }

    /** The reader's copies equal what the writer wrote (first, middle and last block, byte for byte). */
    private void verify(MemorySegment[] received) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment expected = arena.allocate(blockBytes);
            for (int i : new int[] {0, blocks / 2, blocks - 1}) {
                KvBenchData.fill(expected, run, i);
                if (expected.mismatch(received[i]) != -1) {
                    throw new IllegalStateException("block " + i + " read back differs from what was written");
                }
            }
        }
    }

    @FunctionalInterface
    private interface BatchTask {
        void run(int from, int to, long[] landed) throws Exception;
    }
}
