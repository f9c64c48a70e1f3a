package dev.tandem.engine.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a GGUF v3 file: header, metadata, tensor infos, then the tensor data, each tensor starting at a
 * multiple of {@value GgufLayout#ALIGNMENT} bytes. Tensor contents are streamed one after another in the order
 * given. The file is written beside the target under a temporary name and moved into place when complete.
 */
final class GgufFileWriter {

    private GgufFileWriter() {
    }

    /** Writes the file; returns its size in bytes. */
    static long write(Path file, GgufMetadata metadata, List<GgufTensorEntry> tensors) throws IOException {
        LittleEndianOutput header = header(metadata, tensors);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            TensorContent.writeFully(channel, header.toByteBuffer());
            long position = 0;
            for (GgufTensorEntry tensor : tensors) {
                CountingChannel counting = new CountingChannel(channel);
                tensor.content().writeTo(counting);
                if (counting.written != tensor.byteSize()) {
                    throw new IllegalStateException("content of tensor %s wrote %d bytes, expected %d"
                            .formatted(tensor.name(), counting.written, tensor.byteSize()));
                }
                position += tensor.byteSize();
                long aligned = GgufLayout.alignUp(position, GgufLayout.ALIGNMENT);
                TensorContent.writeFully(channel, ByteBuffer.allocate((int) (aligned - position)));
                position = aligned;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    /** Magic, version, counts, metadata, tensor infos with aligned offsets, padding up to the data section. */
    static LittleEndianOutput header(GgufMetadata metadata, List<GgufTensorEntry> tensors) {
        LittleEndianOutput out = new LittleEndianOutput();
        out.i32(GgufFile.MAGIC).i32(GgufLayout.VERSION).i64(tensors.size()).i64(metadata.size());
        metadata.writeTo(out);
        Set<String> names = new HashSet<>();
        long offset = 0;
        for (GgufTensorEntry tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw new IllegalArgumentException("tensor %s is listed twice".formatted(tensor.name()));
            }
            long[] dims = tensor.dims();
            out.string(tensor.name()).i32(dims.length);
            for (long d : dims) {
                out.i64(d);
            }
            out.i32(GgufLayout.ggmlType(tensor.dtype())).i64(offset);
            offset = GgufLayout.alignUp(offset + tensor.byteSize(), GgufLayout.ALIGNMENT);
        }
        return out.padTo(GgufLayout.ALIGNMENT);
    }

    /** Counts the bytes a tensor's content writes, to catch content of the wrong length. */
    private static final class CountingChannel implements WritableByteChannel {
        private final WritableByteChannel target;
        private long written;

        CountingChannel(WritableByteChannel target) {
            this.target = target;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            int n = target.write(src);
            written += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return target.isOpen();
        }

        @Override
        public void close() {
            // the file channel is closed by the writer
        }
    }
}
