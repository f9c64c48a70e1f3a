package dev.tandem.protocol.kv.wire;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A put or get frame as received. A block chunk's data is not copied out of the transport: it
 * stays in the receive buffers it arrived in, which this frame holds until closed, so the only
 * copy is the one into its destination (the pool, or the reader's KV cache). Other frames are
 * parsed as usual. Close every received frame.
 */
public final class ReceivedFrame<F> implements AutoCloseable {

    private final F frame;
    private final int slot;
    private final long offset;
    private final List<ByteBuffer> data;
    private final long length;
    private final InputStream retained;

    private ReceivedFrame(F frame, int slot, long offset, List<ByteBuffer> data, InputStream retained) {
        this.frame = frame;
        this.slot = slot;
        this.offset = offset;
        this.data = data;
        this.length = data.stream().mapToLong(ByteBuffer::remaining).sum();
        this.retained = retained;
    }

    static <F> ReceivedFrame<F> message(F frame) {
        return new ReceivedFrame<>(frame, -1, 0, List.of(), null);
    }

    static <F> ReceivedFrame<F> chunk(int slot, long offset, List<ByteBuffer> data, InputStream retained) {
        return new ReceivedFrame<>(null, slot, offset, data, retained);
    }

    /** A block chunk: use {@link #slot}, {@link #offset} and the data; otherwise {@link #frame}. */
    public boolean isChunk() {
        return frame == null;
    }

    /** The parsed frame, when it is not a chunk. */
    public F frame() {
        return frame;
    }

    public int slot() {
        return slot;
    }

    public long offset() {
        return offset;
    }

    /** Bytes of chunk data. */
    public long length() {
        return length;
    }

    /** The chunk data as views of the receive buffers, valid until close. */
    public List<ByteBuffer> data() {
        return data;
    }

    /** Copies the chunk data to {@code target} (exactly {@link #length()} bytes), checksumming what was written. */
    public void copyTo(MemorySegment target, CRC32C crc) {
        long at = 0;
        for (ByteBuffer buffer : data) {
            MemorySegment window = target.asSlice(at, buffer.remaining());
            MemorySegment.copy(MemorySegment.ofBuffer(buffer), 0, window, 0, buffer.remaining());
            if (crc != null) {
                crc.update(window.asByteBuffer());
            }
            at += buffer.remaining();
        }
    }

    /** Releases the receive buffers. */
    @Override
    public void close() {
        if (retained != null) {
            try {
                retained.close();
            } catch (IOException e) {
                // Releasing buffers does not fail in practice; nothing to recover.
            }
        }
    }
}
