package dev.tandem.kvstore.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.tandem.kvstore.store.BlockStore;
import dev.tandem.kvstore.store.Lease;
import dev.tandem.kvstore.store.StoreMetrics;
import dev.tandem.kvstore.store.StoredBlock;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockChunk;
import dev.tandem.protocol.grpc.BlockLocation;
import dev.tandem.protocol.grpc.BlockMiss;
import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.grpc.MissReason;
import dev.tandem.protocol.kv.KvWire;
import dev.tandem.protocol.kv.PrefillResult;
import io.grpc.stub.ServerCallStreamObserver;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * Sends the frames of one Get or Subscribe call as fast as the client's flow control allows:
 * blocks as chunks (checksummed while they are sent; a block that fails is dropped from the store
 * and reported as a corrupt miss) or as shared-memory locations, then misses, the request entry,
 * and the end. Items may be queued from any thread; sending is serialized and runs on the call's
 * context.
 */
final class BlockStreamer {

    sealed interface Item {
    }

    record BlockItem(int slot, StoredBlock block) implements Item {
    }

    record MissItem(int slot, MissReason reason) implements Item {
    }

    record EntryItem(PrefillResult entry) implements Item {
    }

    record EndItem() implements Item {
    }

    private final BlockStore store;
    private final StoreMetrics metrics;
    private final ServerCallStreamObserver<GetFrame> out;
    private final Executor context;
    private final boolean sharedMemory;
    private final long fileDataOffset;
    private final int chunkBytes;
    private final String op;
    private final long startNanos = System.nanoTime();
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile boolean closed;
    private volatile Runnable onFinish = () -> { };
    private volatile Lease lease;
    private volatile boolean started;

    private StoredBlock current;
    private int currentSlot;
    private long sent;
    private final CRC32C crc = new CRC32C();

    BlockStreamer(BlockStore store, StoreMetrics metrics, ServerCallStreamObserver<GetFrame> out, Executor context,
                  boolean sharedMemory, long fileDataOffset, int chunkBytes, String op) {
        this.store = store;
        this.metrics = metrics;
        this.out = out;
        this.context = context;
        this.sharedMemory = sharedMemory;
        this.fileDataOffset = fileDataOffset;
        this.chunkBytes = chunkBytes;
        this.op = op;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(this::cancelled);
    }

    /**
     * Starts sending, under the lease that pins what this call sends: released at the end for
     * bytes, left to the client (or its expiry) for shared memory. Items queued before wait.
     */
    void start(Lease lease) {
        this.lease = lease;
        this.started = true;
        drain();
    }

    /** Runs once when the call ends, however it ends. */
    void onFinish(Runnable action) {
        this.onFinish = action;
    }

    void enqueue(Item item) {
        queue.add(item);
        context.execute(this::drain);
    }

    /** Sends what it can now; never runs twice at once (whoever arrives while it runs makes it loop again). */
    void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        do {
            try {
                pump();
            } catch (RuntimeException e) {
                closed = true;
                finish(true);
                out.onError(GrpcErrors.toStatus(e));
            }
        } while (wip.decrementAndGet() != 0);
    }

    private void pump() {
        while (started && !closed) {
            if (current != null) {
                if (!out.isReady()) {
                    return;
                }
                sendChunk();
                continue;
            }
            Item item = queue.peek();
            if (item == null || (!(item instanceof EndItem) && !out.isReady())) {
                return;
            }
            queue.poll();
            switch (item) {
                case BlockItem b -> startBlock(b.slot(), b.block());
                case MissItem m -> out.onNext(GetFrame.newBuilder()
                        .setMiss(BlockMiss.newBuilder().setSlot(m.slot()).setReason(m.reason())).build());
                case EntryItem e -> out.onNext(GetFrame.newBuilder().setEntry(KvWire.toProto(e.entry())).build());
                case EndItem ignored -> {
                    closed = true;
                    finish(!sharedMemory);
                    out.onCompleted();
                    metrics.transfer(op, System.nanoTime() - startNanos);
                }
            }
        }
    }

    private void startBlock(int slot, StoredBlock block) {
        if (sharedMemory) {
            out.onNext(GetFrame.newBuilder().setLocation(BlockLocation.newBuilder().setSlot(slot)
                    .setKey(KvWire.toProto(block.key())).setLayout(KvWire.toProto(block.layout()))
                    .setLength(block.length()).setCrc32C(block.crc32c())
                    .setOffset(fileDataOffset + block.offset()).setLeaseId(lease.id())).build());
            metrics.bytesOut(block.length());
            return;
        }
        out.onNext(GetFrame.newBuilder().setBegin(BlockBegin.newBuilder().setSlot(slot)
                .setKey(KvWire.toProto(block.key())).setLayout(KvWire.toProto(block.layout()))
                .setLength(block.length()).setCrc32C(block.crc32c())).build());
        current = block;
        currentSlot = slot;
        sent = 0;
        crc.reset();
        if (block.length() == 0) {
            endBlock();
        }
    }

    private void sendChunk() {
        int n = (int) Math.min(chunkBytes, current.length() - sent);
        ByteBuffer window = store.readable(current).asSlice(sent, n).asByteBuffer();
        crc.update(window.duplicate());
        // Wrapped, not copied: onNext serializes the message into the transport's buffers before returning.
        out.onNext(GetFrame.newBuilder().setChunk(BlockChunk.newBuilder().setSlot(currentSlot).setOffset(sent)
                .setData(UnsafeByteOperations.unsafeWrap(window))).build());
        sent += n;
        if (sent == current.length()) {
            endBlock();
        }
    }

    private void endBlock() {
        if ((int) crc.getValue() != current.crc32c()) {
            store.reportCorrupt(current);
            out.onNext(GetFrame.newBuilder().setMiss(BlockMiss.newBuilder().setSlot(currentSlot)
                    .setReason(MissReason.MISS_CORRUPT)).build());
        } else {
            metrics.bytesOut(current.length());
        }
        current = null;
    }

    private void cancelled() {
        closed = true;
        finish(true);
    }

    private synchronized void finish(boolean releaseLease) {
        Runnable action = onFinish;
        onFinish = () -> { };
        action.run();
        if (releaseLease && lease != null) {
            store.release(lease.id());
        }
    }
}
