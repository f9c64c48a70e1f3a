package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.grpc.StoreInfo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * A client's mapping of a store's pool file. The store writes a random token at the start of the
 * file and reports it over gRPC; a client that finds the same token in the file it mapped shares
 * the store's memory (same host, same store incarnation).
 */
final class SharedPoolMapping implements AutoCloseable {

    /** Bytes 0..8 of a pool file: "TANDEMKV"; bytes 8..24: the token. Shared with the store. */
    static final long TOKEN_OFFSET = 8;

    private final Arena arena;
    private final MemorySegment file;
    private final byte[] token;

    private SharedPoolMapping(Arena arena, MemorySegment file, byte[] token) {
        this.arena = arena;
        this.file = file;
        this.token = token;
    }

    /** Maps the store's pool file when this process can see it and it carries the store's token. */
    static Optional<SharedPoolMapping> open(StoreInfo info) {
        if (info.getPoolPath().isEmpty() || info.getPoolToken().isEmpty()) {
            return Optional.empty();
        }
        Path path = Path.of(info.getPoolPath());
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() != info.getPoolBytes()) {
                arena.close();
                return Optional.empty();
            }
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, info.getPoolBytes(), arena);
            byte[] token = info.getPoolToken().toByteArray();
            byte[] found = file.asSlice(TOKEN_OFFSET, token.length).toArray(ValueLayout.JAVA_BYTE);
            if (!Arrays.equals(found, token)) {
                arena.close();
                return Optional.empty();
            }
            // Map every page now, once, rather than one page fault at a time inside transfers.
            file.load();
            return Optional.of(new SharedPoolMapping(arena, file, token));
        } catch (IOException | RuntimeException e) {
            arena.close();
            return Optional.empty();
        }
    }

    /** {@code length} bytes at absolute file offset {@code offset}. */
    MemorySegment slice(long offset, long length) {
        return file.asSlice(offset, length);
    }

    /** Whether this is the pool file a store names by {@code token} (a restarted store makes a new file and token). */
    boolean is(byte[] token) {
        return Arrays.equals(this.token, token);
    }

    @Override
    public void close() {
        arena.close();
    }
}
