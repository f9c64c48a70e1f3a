package dev.tandem.engine.checkpoint;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** The bytes of a tensor about to be written, produced when the writer reaches it (so a model never sits whole in memory). */
@FunctionalInterface
public interface TensorContent {

    /** Writes the tensor's bytes, all of them and nothing else, to {@code out}. */
    void writeTo(WritableByteChannel out) throws IOException;

    /** Content copied from a segment (for example a mapped tensor), in chunks. */
    static TensorContent of(MemorySegment data) {
        return out -> {
            long chunk = 1L << 24;
            for (long offset = 0; offset < data.byteSize(); offset += chunk) {
                writeFully(out, data.asSlice(offset, Math.min(chunk, data.byteSize() - offset)).asByteBuffer());
            }
        };
    }

    /** Writes every remaining byte of {@code buffer}. */
    static void writeFully(WritableByteChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
