package dev.tandem.engine.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader of the key/value metadata of a GGUF v3 file, for tests only (the engine's GGUF reader lives in
 * the checkpoint package). Values are mapped as the checkpoint package maps them: strings as String, integers as
 * Long, floats as Float/Double, bool as Boolean, arrays as List.
 */
final class GgufMetadataTestReader {

    private GgufMetadataTestReader() {
    }

    static Map<String, Object> read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            int magic = buffer.getInt();
            if (magic != 0x46554747) { // "GGUF" little-endian
                throw new IllegalArgumentException(file + " is not a GGUF file (magic " + Integer.toHexString(magic) + ")");
            }
            int version = buffer.getInt();
            if (version != 3) {
                throw new IllegalArgumentException(file + ": GGUF version " + version + ", expected 3");
            }
            buffer.getLong(); // tensor count
            long kvCount = buffer.getLong();
            Map<String, Object> metadata = new LinkedHashMap<>();
            for (long i = 0; i < kvCount; i++) {
                String key = string(buffer);
                metadata.put(key, value(buffer, buffer.getInt()));
            }
            return metadata;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object value(ByteBuffer buffer, int type) {
        return switch (type) {
            case 0 -> (long) (buffer.get() & 0xFF);
            case 1 -> (long) buffer.get();
            case 2 -> (long) (buffer.getShort() & 0xFFFF);
            case 3 -> (long) buffer.getShort();
            case 4 -> buffer.getInt() & 0xFFFFFFFFL;
            case 5 -> (long) buffer.getInt();
            case 6 -> buffer.getFloat();
            case 7 -> buffer.get() != 0;
            case 8 -> string(buffer);
            case 9 -> {
                int itemType = buffer.getInt();
                long count = buffer.getLong();
                List<Object> items = new ArrayList<>((int) count);
                for (long i = 0; i < count; i++) {
                    items.add(value(buffer, itemType));
                }
                yield items;
            }
            case 10, 11 -> buffer.getLong();
            case 12 -> buffer.getDouble();
            default -> throw new IllegalArgumentException("unknown GGUF value type " + type);
        };
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[Math.toIntExact(buffer.getLong())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
