package dev.tandem.engine.checkpoint;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tensors as Hugging Face safetensors: one {@code model.safetensors}, or shards
 * {@code model-0000i-of-0000n.safetensors} with a {@code model.safetensors.index.json} when the total exceeds
 * the maximum shard size. Tensors are written one after another, in the order given, each streamed from its
 * {@link TensorContent}, so the content can be produced lazily in that order.
 */
public final class SafetensorsWriter {

    /** Two gigabytes, as in Hugging Face's {@code max_shard_size="2GB"}. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 2_000_000_000L;

    private SafetensorsWriter() {
    }

    /** {@link #write(Path, List, long)} with shards of at most {@link #DEFAULT_MAX_SHARD_BYTES}. */
    public static List<Path> write(Path dir, List<WritableTensor> tensors) throws IOException {
        return write(dir, tensors, DEFAULT_MAX_SHARD_BYTES);
    }

    /**
     * Writes the tensors into {@code dir} (created if needed), replacing any {@code model.safetensors} or index
     * already there. Shards fill in order; a tensor that does not fit starts the next shard, and a tensor
     * larger than the maximum gets a shard of its own.
     *
     * @return the safetensors files written
     */
    public static List<Path> write(Path dir, List<WritableTensor> tensors, long maxShardBytes) throws IOException {
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(HfCheckpoint.SINGLE_FILE));
        Files.deleteIfExists(dir.resolve(ShardIndex.FILE_NAME));
        List<List<WritableTensor>> shards = plan(tensors, maxShardBytes);
        if (shards.size() <= 1) {
            Path file = dir.resolve(HfCheckpoint.SINGLE_FILE);
            writeFile(file, shards.isEmpty() ? List.of() : shards.getFirst());
            return List.of(file);
        }
        List<Path> files = new ArrayList<>();
        Map<String, String> weightMap = new TreeMap<>();
        long totalSize = 0;
        for (int i = 0; i < shards.size(); i++) {
            String name = "model-%05d-of-%05d.safetensors".formatted(i + 1, shards.size());
            Path file = dir.resolve(name);
            writeFile(file, shards.get(i));
            files.add(file);
            for (WritableTensor tensor : shards.get(i)) {
                weightMap.put(tensor.name(), name);
                totalSize += tensor.byteSize();
            }
        }
        writeIndex(dir.resolve(ShardIndex.FILE_NAME), totalSize, weightMap);
        return files;
    }

    /** Writes one safetensors file holding {@code tensors}, laid out in the order given. */
    public static void writeFile(Path file, List<WritableTensor> tensors) throws IOException {
        byte[] header = header(tensors);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            TensorContent.writeFully(channel, prefix);
            TensorContent.writeFully(channel, ByteBuffer.wrap(header));
            for (WritableTensor tensor : tensors) {
                CountingChannel counting = new CountingChannel(channel);
                tensor.content().writeTo(counting);
                if (counting.written != tensor.byteSize()) {
                    throw new IllegalStateException("content of tensor %s wrote %d bytes, expected %d"
                            .formatted(tensor.name(), counting.written, tensor.byteSize()));
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    private static List<List<WritableTensor>> plan(List<WritableTensor> tensors, long maxShardBytes) {
        List<List<WritableTensor>> shards = new ArrayList<>();
        List<WritableTensor> current = new ArrayList<>();
        long currentBytes = 0;
        for (WritableTensor tensor : tensors) {
            if (!current.isEmpty() && currentBytes + tensor.byteSize() > maxShardBytes) {
                shards.add(current);
                current = new ArrayList<>();
                currentBytes = 0;
            }
            current.add(tensor);
            currentBytes += tensor.byteSize();
        }
        if (!current.isEmpty()) {
            shards.add(current);
        }
        return shards;
    }

    /** The JSON header, padded with spaces to a multiple of 8 bytes so the data starts aligned. */
    private static byte[] header(List<WritableTensor> tensors) {
        ObjectNode root = JsonFields.MAPPER.createObjectNode();
        root.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (WritableTensor tensor : tensors) {
            if (root.has(tensor.name())) {
                throw new IllegalArgumentException("tensor %s is listed twice".formatted(tensor.name()));
            }
            if (tensor.dtype() == DType.Q8_0) {
                throw new IllegalArgumentException("tensor %s: safetensors has no Q8_0 dtype".formatted(tensor.name()));
            }
            ObjectNode entry = root.putObject(tensor.name());
            entry.put("dtype", tensor.dtype().name());
            var shape = entry.putArray("shape");
            for (long d : tensor.shape()) {
                shape.add(d);
            }
            long end = offset + tensor.byteSize();
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] json = root.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) / 8 * 8);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeIndex(Path file, long totalSize, Map<String, String> weightMap) throws IOException {
        ObjectNode root = JsonFields.MAPPER.createObjectNode();
        root.putObject("metadata").put("total_size", totalSize);
        ObjectNode map = root.putObject("weight_map");
        weightMap.forEach(map::put);
        Files.writeString(file, JsonFields.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
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
