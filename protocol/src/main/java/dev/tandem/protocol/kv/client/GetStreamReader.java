package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockLocation;
import dev.tandem.protocol.grpc.BlockMiss;
import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.KvWire;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.wire.ReceivedFrame;
import io.grpc.Status;
import io.grpc.StatusException;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Lands the frames of one Get or Subscribe stream in a {@link BlockSink}: copies chunk bytes (or
 * shared-memory locations) into the reader's targets, verifies each block's CRC32C against the
 * writer's, and records each slot's status. Slots refer to positions in {@code keys}; statuses go
 * to {@code statuses[indexes[slot]]}.
 */
final class GetStreamReader {

    /** Shared-memory copies are checksummed window by window while the window is still in cache. */
    private static final long COPY_WINDOW = 256 << 10;

    private final List<BlockKey> keys;
    private final int[] indexes;
    private final BlockSink sink;
    private final BlockStatus[] statuses;
    private final SharedPoolMapping pool;

    private int slot = -1;
    private MemorySegment target;
    private long received;
    private int expectedCrc;
    private final CRC32C crc = new CRC32C();
    private long leaseId;
    private PrefillResult entry;

    GetStreamReader(List<BlockKey> keys, int[] indexes, BlockSink sink, BlockStatus[] statuses, SharedPoolMapping pool) {
        this.keys = keys;
        this.indexes = indexes;
        this.sink = sink;
        this.statuses = statuses;
        this.pool = pool;
    }

    void accept(ReceivedFrame<GetFrame> received) throws StatusException {
        try (received) {
            if (received.isChunk()) {
                chunk(received);
            } else {
                accept(received.frame());
            }
        }
    }

    private void accept(GetFrame frame) throws StatusException {
        switch (frame.getFrameCase()) {
            case BEGIN -> begin(frame.getBegin());
            case CHUNK -> throw invalid("chunk not received as such");
            case LOCATION -> location(frame.getLocation());
            case MISS -> miss(frame.getMiss());
            case ENTRY -> entry = KvWire.fromProto(frame.getEntry());
            case FRAME_NOT_SET -> throw invalid("empty frame");
        }
    }

    /** The lease of shared-memory locations (0 when none came). */
    long leaseId() {
        return leaseId;
    }

    PrefillResult entry() {
        return entry;
    }

    private void begin(BlockBegin begin) throws StatusException {
        checkSlot(begin.getSlot(), begin.getKey());
        KvLayout layout = KvWire.fromProto(begin.getLayout());
        slot = begin.getSlot();
        target = target(slot, layout, begin.getLength());
        received = 0;
        expectedCrc = begin.getCrc32C();
        crc.reset();
        if (begin.getLength() == 0) {
            finish();
        }
    }

    /** Copies the chunk from the receive buffers into the target, checksumming it while it is in cache. */
    private void chunk(ReceivedFrame<GetFrame> chunk) throws StatusException {
        if (chunk.slot() != slot || target == null) {
            throw invalid("chunk for slot " + chunk.slot() + " outside its block");
        }
        long n = chunk.length();
        if (chunk.offset() != received || received + n > target.byteSize()) {
            throw invalid("chunk at " + chunk.offset() + "+" + n + " of slot " + slot + " after "
                    + received + " of " + target.byteSize() + " bytes");
        }
        chunk.copyTo(target.asSlice(received, n), crc);
        received += n;
        if (received == target.byteSize()) {
            finish();
        }
    }

    private void location(BlockLocation location) throws StatusException {
        if (pool == null) {
            throw invalid("shared-memory location on a stream without a mapped pool");
        }
        checkSlot(location.getSlot(), location.getKey());
        leaseId = location.getLeaseId();
        slot = location.getSlot();
        long length = location.getLength();
        target = target(slot, KvWire.fromProto(location.getLayout()), length);
        expectedCrc = location.getCrc32C();
        crc.reset();
        MemorySegment source = pool.slice(location.getOffset(), length);
        for (long at = 0; at < length; at += COPY_WINDOW) {
            long n = Math.min(COPY_WINDOW, length - at);
            MemorySegment.copy(source, at, target, at, n);
            BlockChecksum.update(crc, target.asSlice(at, n));
        }
        received = length;
        finish();
    }

    private void miss(BlockMiss miss) throws StatusException {
        int s = miss.getSlot();
        if (s < 0 || s >= keys.size()) {
            throw invalid("miss for slot " + s + " of " + keys.size());
        }
        if (s == slot) {
            target = null;
        }
        if (statuses[indexes[s]] == BlockStatus.LANDED) {
            return; // the bytes we verified against the writer's checksum stand
        }
        statuses[indexes[s]] = switch (miss.getReason()) {
            case MISS_CORRUPT -> BlockStatus.CORRUPT;
            case MISS_TIMED_OUT -> BlockStatus.TIMED_OUT;
            default -> BlockStatus.ABSENT;
        };
    }

    private void finish() {
        int index = indexes[slot];
        if ((int) crc.getValue() == expectedCrc) {
            statuses[index] = BlockStatus.LANDED;
            sink.landed(index);
        } else {
            statuses[index] = BlockStatus.CORRUPT;
        }
        target = null;
    }

    private MemorySegment target(int slot, KvLayout layout, long length) throws StatusException {
        MemorySegment t = sink.target(indexes[slot], keys.get(slot), layout, length);
        if (t == null || t.byteSize() != length) {
            throw Status.INVALID_ARGUMENT.withDescription("block sink gave a target of "
                    + (t == null ? "null" : t.byteSize() + " bytes") + " for a block of " + length).asException();
        }
        return t;
    }

    private void checkSlot(int s, dev.tandem.protocol.grpc.BlockKey key) throws StatusException {
        if (s < 0 || s >= keys.size() || !keys.get(s).equals(KvWire.fromProto(key))) {
            throw invalid("block for slot " + s + " does not match the requested key");
        }
    }

    private static StatusException invalid(String message) {
        return Status.INTERNAL.withDescription("kv-store stream: " + message).asException();
    }
}
