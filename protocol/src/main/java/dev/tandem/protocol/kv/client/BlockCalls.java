package dev.tandem.protocol.kv.client;

import com.google.protobuf.UnsafeByteOperations;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockChunk;
import dev.tandem.protocol.grpc.BlockCommit;
import dev.tandem.protocol.grpc.CommitRequest;
import dev.tandem.protocol.grpc.Delivery;
import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.grpc.GetRequest;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.grpc.ReleaseRequest;
import dev.tandem.protocol.grpc.Reservation;
import dev.tandem.protocol.grpc.ReserveRequest;
import dev.tandem.protocol.grpc.ReserveResponse;
import dev.tandem.protocol.grpc.SubscribeRequest;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvWire;
import io.grpc.Deadline;
import io.grpc.StatusException;
import dev.tandem.protocol.kv.wire.ReceivedFrame;
import dev.tandem.protocol.kv.wire.ZeroCopyMethods;
import io.grpc.stub.BlockingClientCall;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/** One attempt of each block operation against one replica, over gRPC bytes or shared memory. */
final class BlockCalls {

    private static final long SHM_WINDOW = 256 << 10;
    /** Get and subscribe frames requested ahead of the reader: 32 chunks are the 8 MiB HTTP/2 window. */
    private static final int READ_AHEAD = 32;

    private final KvClientConfig config;

    BlockCalls(KvClientConfig config) {
        this.config = config;
    }

    /** Streams the blocks' bytes in chunks, each block followed by the writer's CRC32C. */
    PutSummary putBytes(ReplicaLink link, int connection, List<KvBlock> blocks, Deadline deadline)
            throws StatusException, InterruptedException {
        BlockingClientCall<PutFrame, PutResult> call = link.stub(connection, deadline).put();
        try {
            for (int slot = 0; slot < blocks.size(); slot++) {
                KvBlock block = blocks.get(slot);
                long length = block.data().byteSize();
                if (!call.write(PutFrame.newBuilder().setBegin(BlockBegin.newBuilder().setSlot(slot)
                        .setKey(KvWire.toProto(block.key())).setLayout(KvWire.toProto(block.layout()))
                        .setLength(length)).build())) {
                    break;
                }
                CRC32C crc = new CRC32C();
                boolean open = true;
                for (long at = 0; at < length && open; at += config.chunkBytes()) {
                    ByteBuffer window = block.data().asSlice(at, Math.min(config.chunkBytes(), length - at)).asByteBuffer();
                    crc.update(window.duplicate());
                    // Wrapped, not copied: the write serializes it before returning.
                    open = call.write(PutFrame.newBuilder().setChunk(BlockChunk.newBuilder().setSlot(slot)
                            .setOffset(at).setData(UnsafeByteOperations.unsafeWrap(window))).build());
                }
                if (!open || !call.write(PutFrame.newBuilder().setCommit(BlockCommit.newBuilder().setSlot(slot)
                        .setCrc32C((int) crc.getValue())).build())) {
                    break;
                }
            }
            call.halfClose();
            PutResult result = call.read();
            if (result == null) {
                throw io.grpc.Status.INTERNAL.withDescription("put ended without a result").asException();
            }
            return new PutSummary(result.getStored(), result.getDuplicates());
        } catch (StatusException | InterruptedException | RuntimeException e) {
            call.cancel("put failed", e);
            throw e;
        }
    }

    /** Reserves slots in the pool file, writes them in place, and commits them with their CRC32Cs. */
    PutSummary putShared(ReplicaLink link, SharedPoolMapping pool, List<KvBlock> blocks, Deadline deadline)
            throws StatusException {
        ReserveRequest.Builder reserve = ReserveRequest.newBuilder().setLeaseMs(millis(config.leaseTtl()));
        for (int slot = 0; slot < blocks.size(); slot++) {
            KvBlock block = blocks.get(slot);
            reserve.addBlocks(BlockBegin.newBuilder().setSlot(slot).setKey(KvWire.toProto(block.key()))
                    .setLayout(KvWire.toProto(block.layout())).setLength(block.data().byteSize()));
        }
        ReserveResponse reserved = link.stub(0, deadline).reserve(reserve.build());
        if (!pool.is(reserved.getPoolToken().toByteArray())) {
            link.stub(0, deadline).release(ReleaseRequest.newBuilder().setLeaseId(reserved.getReservationId()).build());
            throw io.grpc.Status.ABORTED.withDescription("the store's pool file changed (restart?): remapping").asException();
        }
        CommitRequest.Builder commit = CommitRequest.newBuilder().setReservationId(reserved.getReservationId());
        int duplicates = 0;
        for (Reservation r : reserved.getSlotsList()) {
            if (r.getDuplicate()) {
                duplicates++;
                continue;
            }
            MemorySegment source = blocks.get(r.getSlot()).data();
            commit.addCommits(BlockCommit.newBuilder().setSlot(r.getSlot())
                    .setCrc32C(copyWithChecksum(source, pool.slice(r.getOffset(), source.byteSize()))));
        }
        PutResult result = link.stub(0, deadline).commit(commit.build());
        return new PutSummary(result.getStored(), result.getDuplicates() + duplicates);
    }

    /** Fetches {@code keys} into the sink (bytes, or locations in the mapped pool when {@code pool} is set). */
    void get(ReplicaLink link, int connection, List<BlockKey> keys, int[] indexes, BlockSink sink,
             BlockStatus[] statuses, SharedPoolMapping pool, Deadline deadline) throws StatusException, InterruptedException {
        GetRequest.Builder request = GetRequest.newBuilder()
                .setDelivery(pool != null ? Delivery.DELIVERY_SHARED_MEMORY : Delivery.DELIVERY_BYTES)
                .setLeaseMs(millis(config.leaseTtl()));
        keys.forEach(k -> request.addKeys(KvWire.toProto(k)));
        GetStreamReader reader = new GetStreamReader(keys, indexes, sink, statuses, pool);
        var stub = link.stub(connection, deadline);
        read(link, ReadAheadCall.start(stub.getChannel(), ZeroCopyMethods.CLIENT_GET, stub.getCallOptions(),
                request.build(), READ_AHEAD), reader, deadline);
    }

    /** Waits for {@code keys} (and the request's entry) to land, up to {@code timeout}. */
    GetStreamReader subscribe(ReplicaLink link, List<BlockKey> keys, int[] indexes, String requestId, Duration timeout,
                              BlockSink sink, BlockStatus[] statuses, SharedPoolMapping pool, Deadline deadline)
            throws StatusException, InterruptedException {
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder()
                .setTimeoutMs(millis(timeout))
                .setDelivery(pool != null ? Delivery.DELIVERY_SHARED_MEMORY : Delivery.DELIVERY_BYTES)
                .setLeaseMs(millis(config.leaseTtl()));
        if (requestId != null) {
            request.setRequestId(requestId);
        }
        keys.forEach(k -> request.addKeys(KvWire.toProto(k)));
        GetStreamReader reader = new GetStreamReader(keys, indexes, sink, statuses, pool);
        var stub = link.stub(0, deadline);
        read(link, ReadAheadCall.start(stub.getChannel(), ZeroCopyMethods.CLIENT_SUBSCRIBE, stub.getCallOptions(),
                request.build(), READ_AHEAD), reader, deadline);
        return reader;
    }

    private void read(ReplicaLink link, ReadAheadCall<?, ReceivedFrame<GetFrame>> call, GetStreamReader reader,
                      Deadline deadline) throws StatusException, InterruptedException {
        try {
            for (ReceivedFrame<GetFrame> frame; (frame = call.next()) != null; ) {
                reader.accept(frame);
            }
        } catch (StatusException | InterruptedException | RuntimeException e) {
            call.cancel("get failed", e);
            throw e;
        } finally {
            if (reader.leaseId() != 0) {
                release(link, reader.leaseId(), deadline);
            }
        }
    }

    /**
     * Ends the lease of the blocks just read, without waiting for the answer: the bytes are
     * already copied and verified, and a release that gets lost only lets the lease run to its
     * expiry. Saves a round trip per shared-memory get.
     */
    private static void release(ReplicaLink link, long leaseId, Deadline deadline) {
        try {
            link.releaseAsync(leaseId, Deadline.after(Math.max(1, Math.min(deadline.timeRemaining(TimeUnit.MILLISECONDS), 2000)),
                    TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            // The lease expires on its own.
        }
    }

    /** Copies a block window by window, checksumming each window while it is in cache. */
    private static int copyWithChecksum(MemorySegment source, MemorySegment target) {
        CRC32C crc = new CRC32C();
        long length = source.byteSize();
        for (long at = 0; at < length; at += SHM_WINDOW) {
            long n = Math.min(SHM_WINDOW, length - at);
            MemorySegment.copy(source, at, target, at, n);
            BlockChecksum.update(crc, source.asSlice(at, n));
        }
        return (int) crc.getValue();
    }

    static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
    }
}
