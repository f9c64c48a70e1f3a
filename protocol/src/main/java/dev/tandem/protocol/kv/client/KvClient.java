package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.grpc.EntryRequest;
import dev.tandem.protocol.grpc.EntryResponse;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.KvWire;
import dev.tandem.protocol.kv.PrefillResult;
import io.grpc.Deadline;
import io.grpc.StatusException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The kv-store client used by prefill and decode workers: puts, gets and subscribes blocks on the
 * replica that rendezvous hashing places each key on, over gRPC or shared memory, retrying
 * transient failures within a deadline. A replica that cannot be reached costs cache, not
 * correctness: its blocks come back {@link BlockStatus#UNAVAILABLE}, i.e. recompute them.
 * Thread-safe; one per process is enough.
 */
public final class KvClient implements AutoCloseable {

    private final ReplicaSource replicas;
    private final KvClientConfig config;
    private final BlockCalls calls;
    private final Attempts attempts;
    private final ReplicaReads reads;
    private final Map<Replica, ReplicaLink> links = new ConcurrentHashMap<>();
    private final ExecutorService transfers = Executors.newVirtualThreadPerTaskExecutor();
    private final PlacementGroups placement = new PlacementGroups();

    private KvClient(ReplicaSource replicas, KvClientConfig config) {
        this.replicas = replicas;
        this.config = config;
        this.calls = new BlockCalls(config);
        this.attempts = new Attempts(config);
        this.reads = new ReplicaReads(config, calls);
    }

    public static KvClient connect(ReplicaSource replicas, KvClientConfig config) {
        return new KvClient(replicas, config);
    }

    public KvClientConfig config() {
        return config;
    }

    /**
     * Stores the blocks (idempotently: keys already stored count as duplicates).
     *
     * @throws KvStoreException when a replica refuses or stays unreachable; {@link KvStoreException.Kind#POOL_FULL}
     *                          at once when its pool is full of pinned blocks
     */
    public PutSummary put(List<KvBlock> blocks) {
        Deadline deadline = Deadline.after(config.deadline().toNanos(), TimeUnit.NANOSECONDS);
        List<Replica> current = replicas.replicas();
        List<Transfer<PutSummary>> tasks = new ArrayList<>();
        for (var group : placement.byReplica(blocks.size(), i -> blocks.get(i).key(), current).entrySet()) {
            ReplicaLink link = link(group.getKey());
            int base = link.nextConnection();
            List<int[]> shares = placement.split(group.getValue(), shares(link, deadline));
            for (int s = 0; s < shares.size(); s++) {
                List<KvBlock> part = Arrays.stream(shares.get(s)).mapToObj(blocks::get).toList();
                int connection = base + s;
                tasks.add(() -> attempts.run("put of " + part.size() + " blocks to " + link.replica(), deadline,
                        attempt -> putOnce(link, connection, part, deadline)));
            }
        }
        return runAll(tasks).stream().reduce(new PutSummary(0, 0), PutSummary::plus);
    }

    /**
     * Opens a put whose blocks are written piece by piece, layer by layer as a prefill computes
     * them (gRPC, whatever the transport; not retried, see {@link StreamingPut}). It must be
     * finished or closed within {@code timeout} (the time the blocks take to compute and send).
     */
    public StreamingPut openStreamingPut(Duration timeout) {
        Deadline deadline = Deadline.after(timeout.toNanos(), TimeUnit.NANOSECONDS);
        List<Replica> current = replicas.replicas();
        return new StreamingPut(key -> link(RendezvousPlacement.place(key, current)), config.chunkBytes(), deadline);
    }

    /** Fetches the blocks into {@code sink}; the result says which landed. Never throws for a miss. */
    public GetResult get(List<BlockKey> keys, BlockSink sink) {
        Deadline deadline = Deadline.after(config.deadline().toNanos(), TimeUnit.NANOSECONDS);
        BlockStatus[] statuses = new BlockStatus[keys.size()];
        List<Transfer<Void>> tasks = new ArrayList<>();
        for (var group : placement.byReplica(keys.size(), keys::get, replicas.replicas()).entrySet()) {
            ReplicaLink link = link(group.getKey());
            int base = link.nextConnection();
            List<int[]> shares = placement.split(group.getValue(), shares(link, deadline));
            for (int s = 0; s < shares.size(); s++) {
                int[] share = shares.get(s);
                int connection = base + s;
                tasks.add(() -> {
                    reads.fetch(link, connection, share, keys, sink, statuses, deadline);
                    return null;
                });
            }
        }
        runAll(tasks);
        return GetResult.of(statuses);
    }

    /** One block copied onto the heap, or empty when it did not land. Convenient; not the fast path. */
    public Optional<StoredBlock> get(BlockKey key) {
        MemorySegment[] target = new MemorySegment[1];
        KvLayout[] layout = new KvLayout[1];
        GetResult result = get(List.of(key), (index, k, l, length) -> {
            layout[0] = l;
            return target[0] = Arena.ofAuto().allocate(length, 64);
        });
        return result.landed(0) ? Optional.of(new StoredBlock(key, layout[0], target[0])) : Optional.empty();
    }

    /** A block as fetched by {@link #get(BlockKey)}. */
    public record StoredBlock(BlockKey key, KvLayout layout, MemorySegment data) {
    }

    /**
     * Waits for blocks that a prefill is still writing: each key lands in {@code sink} as soon as it
     * is stored (at once if it already is), and the request's entry is fetched when
     * {@code requestId} is not null. Returns when everything landed or {@code timeout} passed; what
     * did not land by then is {@link BlockStatus#TIMED_OUT}.
     */
    public SubscribeResult subscribe(List<BlockKey> keys, String requestId, Duration timeout, BlockSink sink) {
        Deadline deadline = Deadline.after(timeout.plus(config.deadline()).toNanos(), TimeUnit.NANOSECONDS);
        long endNanos = System.nanoTime() + timeout.toNanos();
        List<Replica> current = replicas.replicas();
        Map<Replica, int[]> groups = new LinkedHashMap<>(placement.byReplica(keys.size(), keys::get, current));
        Replica entryOwner = requestId == null ? null : RendezvousPlacement.place(requestId, current);
        if (entryOwner != null) {
            groups.putIfAbsent(entryOwner, new int[0]);
        }
        BlockStatus[] statuses = new BlockStatus[keys.size()];
        PrefillResult[] entry = new PrefillResult[1];
        List<Transfer<Void>> tasks = new ArrayList<>();
        for (var group : groups.entrySet()) {
            ReplicaLink link = link(group.getKey());
            String id = group.getKey().equals(entryOwner) ? requestId : null;
            tasks.add(() -> {
                PrefillResult e = reads.await(link, group.getValue(), keys, id, endNanos, sink, statuses, deadline);
                if (e != null) {
                    entry[0] = e;
                }
                return null;
            });
        }
        runAll(tasks);
        for (int i = 0; i < statuses.length; i++) {
            if (statuses[i] == null) {
                statuses[i] = BlockStatus.TIMED_OUT;
            }
        }
        return new SubscribeResult(GetResult.of(statuses), Optional.ofNullable(entry[0]));
    }

    /** Stores a prefill's result on the replica its request id is placed on; it expires after the store's TTL. */
    public void putEntry(PrefillResult result) {
        Deadline deadline = Deadline.after(config.deadline().toNanos(), TimeUnit.NANOSECONDS);
        ReplicaLink link = link(RendezvousPlacement.place(result.requestId(), replicas.replicas()));
        attempts.run("put of entry " + result.requestId(), deadline,
                attempt -> link.stub(0, deadline).putEntry(KvWire.toProto(result)));
    }

    /** The prefill result of a request, if stored and not expired. */
    public Optional<PrefillResult> getEntry(String requestId) {
        Deadline deadline = Deadline.after(config.deadline().toNanos(), TimeUnit.NANOSECONDS);
        ReplicaLink link = link(RendezvousPlacement.place(requestId, replicas.replicas()));
        EntryResponse response = attempts.run("get of entry " + requestId, deadline,
                attempt -> link.stub(0, deadline).getEntry(EntryRequest.newBuilder().setRequestId(requestId).build()));
        return response.getFound() ? Optional.of(KvWire.fromProto(response.getEntry())) : Optional.empty();
    }

    /** Whether blocks to and from {@code replica} go through its shared-memory pool file. */
    public boolean usesSharedMemory(Replica replica) {
        if (config.transport() != KvTransport.SHM) {
            return false;
        }
        try {
            return link(replica).sharedPool(Deadline.after(config.deadline().toMillis(), TimeUnit.MILLISECONDS)).isPresent();
        } catch (StatusException e) {
            return false;
        }
    }

    @Override
    public void close() {
        transfers.shutdownNow();
        links.values().forEach(ReplicaLink::close);
        links.clear();
    }

    private PutSummary putOnce(ReplicaLink link, int connection, List<KvBlock> blocks, Deadline deadline)
            throws StatusException, InterruptedException {
        SharedPoolMapping pool = sharedPool(link, deadline);
        if (pool == null) {
            return calls.putBytes(link, connection, blocks, deadline);
        }
        try {
            return calls.putShared(link, pool, blocks, deadline);
        } catch (StatusException e) {
            link.forgetSharedPool();
            throw e;
        }
    }

    /**
     * How many parallel calls a transfer to {@code link} is split into: one per connection for
     * bytes over gRPC; one for shared memory, where a call is two short messages around a copy and
     * more calls only add round trips and threads competing for the same cores.
     */
    private int shares(ReplicaLink link, Deadline deadline) {
        try {
            return sharedPool(link, deadline) != null ? 1 : link.connections();
        } catch (StatusException e) {
            return link.connections();
        }
    }

    private SharedPoolMapping sharedPool(ReplicaLink link, Deadline deadline) throws StatusException {
        return config.transport() == KvTransport.SHM ? link.sharedPool(deadline).orElse(null) : null;
    }

    private ReplicaLink link(Replica replica) {
        return links.computeIfAbsent(replica, r -> new ReplicaLink(r, config));
    }

    @FunctionalInterface
    private interface Transfer<T> {
        T run();
    }

    /**
     * Runs the transfers (in parallel when there are several: the first on the calling thread, the
     * others on virtual threads) and rethrows the first failure.
     */
    private <T> List<T> runAll(List<Transfer<T>> tasks) {
        if (tasks.size() == 1) {
            return java.util.Collections.singletonList(tasks.getFirst().run());
        }
        var futures = tasks.subList(1, tasks.size()).stream().map(t -> transfers.submit(t::run)).toList();
        List<T> results = new ArrayList<>(tasks.size());
        RuntimeException failure = null;
        try {
            results.add(tasks.getFirst().run());
        } catch (RuntimeException e) {
            failure = e;
        }
        for (var f : futures) {
            try {
                results.add(f.get());
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException r ? r
                            : new KvStoreException(KvStoreException.Kind.FAILED, e.getCause().toString(), e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvStoreException(KvStoreException.Kind.FAILED, "interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return results;
    }
}
