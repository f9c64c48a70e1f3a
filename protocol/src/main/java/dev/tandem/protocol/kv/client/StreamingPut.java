package dev.tandem.protocol.kv.client;

import com.google.protobuf.UnsafeByteOperations;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockChunk;
import dev.tandem.protocol.grpc.BlockCommit;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.KvWire;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.BlockingClientCall;

import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A put whose blocks are written piece by piece as they are computed: {@link #begin} a block,
 * {@link #write} its bytes in any order (a prefill writes each layer's rows as that layer is
 * done), {@link #commit} it with the CRC32C of its whole bytes; the store publishes it then. One
 * gRPC {@code Put} stream per replica, opened on the first block placed there; blocks interleave.
 * Not retried: a stream that fails fails the put (the bytes already sent cannot be replayed), and
 * blocks never committed are dropped by the store. Not thread-safe: one writer thread.
 */
public final class StreamingPut implements AutoCloseable {

    private final Function<BlockKey, ReplicaLink> placement;
    private final int chunkBytes;
    private final Deadline deadline;
    private final Map<ReplicaLink, Stream> streams = new LinkedHashMap<>();
    private final Map<BlockKey, Open> open = new HashMap<>();
    private boolean finished;

    private record Stream(BlockingClientCall<PutFrame, PutResult> call, int[] nextSlot) {
    }

    private record Open(Stream stream, int slot, long length) {
    }

    StreamingPut(Function<BlockKey, ReplicaLink> placement, int chunkBytes, Deadline deadline) {
        this.placement = placement;
        this.chunkBytes = chunkBytes;
        this.deadline = deadline;
    }

    /** Opens a block of {@code layout.blockBytes()} bytes. */
    public void begin(BlockKey key, KvLayout layout) {
        if (open.containsKey(key)) {
            throw new IllegalStateException("block " + key + " is already open in this put");
        }
        ReplicaLink link = placement.apply(key);
        Stream stream = streams.computeIfAbsent(link, l -> new Stream(l.stub(l.nextConnection(), deadline).put(), new int[1]));
        int slot = stream.nextSlot()[0]++;
        long length = layout.blockBytes();
        send(stream, PutFrame.newBuilder().setBegin(BlockBegin.newBuilder().setSlot(slot).setKey(KvWire.toProto(key))
                .setLayout(KvWire.toProto(layout)).setLength(length)).build());
        open.put(key, new Open(stream, slot, length));
    }

    /** Sends {@code bytes} as the block's bytes from {@code offset} (in chunks of the client's chunk size). */
    public void write(BlockKey key, long offset, MemorySegment bytes) {
        Open block = opened(key);
        if (offset < 0 || offset + bytes.byteSize() > block.length()) {
            throw new IndexOutOfBoundsException("bytes [%d, %d) of a block of %d".formatted(offset, offset + bytes.byteSize(), block.length()));
        }
        for (long at = 0; at < bytes.byteSize(); at += chunkBytes) {
            long n = Math.min(chunkBytes, bytes.byteSize() - at);
            // Wrapped, not copied: the write serializes it before returning.
            send(block.stream(), PutFrame.newBuilder().setChunk(BlockChunk.newBuilder().setSlot(block.slot())
                    .setOffset(offset + at).setData(UnsafeByteOperations.unsafeWrap(bytes.asSlice(at, n).asByteBuffer()))).build());
        }
    }

    /** Publishes the block: every byte has been written, {@code crc32c} is their CRC32C. */
    public void commit(BlockKey key, int crc32c) {
        Open block = opened(key);
        send(block.stream(), PutFrame.newBuilder().setCommit(BlockCommit.newBuilder().setSlot(block.slot()).setCrc32C(crc32c)).build());
        open.remove(key);
    }

    /** Ends every stream and waits for the stores' answers; blocks still open are dropped. */
    public PutSummary finish() {
        finished = true;
        PutSummary total = new PutSummary(0, 0);
        for (Map.Entry<ReplicaLink, Stream> e : streams.entrySet()) {
            BlockingClientCall<PutFrame, PutResult> call = e.getValue().call();
            try {
                call.halfClose();
                PutResult result = call.read();
                if (result == null) {
                    throw Status.INTERNAL.withDescription("put ended without a result").asException();
                }
                total = total.plus(new PutSummary(result.getStored(), result.getDuplicates()));
            } catch (StatusException e1) {
                throw failure(e.getKey(), e1.getStatus(), e1);
            } catch (InterruptedException e1) {
                Thread.currentThread().interrupt();
                throw new KvStoreException(KvStoreException.Kind.FAILED, "streaming put interrupted", e1);
            }
        }
        return total;
    }

    /** Cancels the streams unless {@link #finish} ran: nothing not yet committed is stored. */
    @Override
    public void close() {
        if (!finished) {
            finished = true;
            streams.values().forEach(s -> s.call().cancel("streaming put abandoned", null));
        }
    }

    /** Blocks begun and not committed yet. */
    public List<BlockKey> openBlocks() {
        return List.copyOf(open.keySet());
    }

    private Open opened(BlockKey key) {
        Open block = open.get(key);
        if (block == null) {
            throw new IllegalStateException("block " + key + " is not open in this put");
        }
        return block;
    }

    private void send(Stream stream, PutFrame frame) {
        if (finished) {
            throw new IllegalStateException("the put is finished");
        }
        try {
            if (!stream.call().write(frame)) {
                // The stream closed early: the store's status says why.
                stream.call().read();
                throw Status.INTERNAL.withDescription("the put stream closed early").asException();
            }
        } catch (StatusException e) {
            throw failure(linkOf(stream), e.getStatus(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException(KvStoreException.Kind.FAILED, "streaming put interrupted", e);
        }
    }

    private ReplicaLink linkOf(Stream stream) {
        return streams.entrySet().stream().filter(e -> e.getValue() == stream).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static KvStoreException failure(ReplicaLink link, Status status, Throwable cause) {
        return Attempts.failure("streaming put to " + link.replica(), status, 1, cause);
    }
}
