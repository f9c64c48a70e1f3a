package dev.tandem.kvstore.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * The pool's memory: a file (on tmpfs, /dev/shm, by default) mapped once, so that co-located
 * clients can map the same pages. Layout: a 4 KiB header — "TANDEMKV", then a 16-byte random
 * token that proves to a client it mapped this store's file — then the data area the slabs carve.
 *
 * <p>The store holds an exclusive lock on the header for as long as it lives; the kernel drops it
 * when the process dies, however it dies, which is how {@link OrphanPoolFiles} tells a file left
 * by a killed store from a live one.
 */
public final class PoolFile implements AutoCloseable {

    public static final long HEADER_BYTES = 4096;
    private static final byte[] MAGIC = "TANDEMKV".getBytes(StandardCharsets.US_ASCII);
    private static final long TOKEN_OFFSET = MAGIC.length;
    private static final int TOKEN_BYTES = 16;
    private static final long PAGE = 4096;

    private final Path path;
    private final Arena arena;
    private final FileChannel channel;
    private final MemorySegment file;
    private final byte[] token;

    private PoolFile(Path path, Arena arena, FileChannel channel, MemorySegment file, byte[] token) {
        this.path = path;
        this.arena = arena;
        this.channel = channel;
        this.file = file;
        this.token = token;
    }

    /**
     * Creates (or replaces) the file with {@code dataBytes} of data area and maps it; with
     * {@code prefault}, touches every page so the memory is resident before the store is ready.
     */
    public static PoolFile create(Path path, long dataBytes, boolean prefault) {
        long fileBytes = HEADER_BYTES + dataBytes;
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Files.deleteIfExists(path);
            long usable = Files.getFileStore(dir).getUsableSpace();
            if (usable < fileBytes) {
                throw new IllegalStateException("kv pool needs " + fileBytes + " bytes in " + dir + " but only "
                        + usable + " are free; lower tandem.kv.pool.capacity or set tandem.kv.pool.path elsewhere");
            }
            Arena arena = Arena.ofShared();
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                channel.lock(0, HEADER_BYTES, false);
                channel.truncate(fileBytes);
                channel.position(fileBytes - 1).write(java.nio.ByteBuffer.wrap(new byte[1]));
                MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileBytes, arena);
                if (prefault) {
                    for (long at = HEADER_BYTES; at < fileBytes; at += PAGE) {
                        file.set(ValueLayout.JAVA_BYTE, at, (byte) 0);
                    }
                }
                byte[] token = new byte[TOKEN_BYTES];
                new SecureRandom().nextBytes(token);
                MemorySegment.copy(MemorySegment.ofArray(token), 0, file, TOKEN_OFFSET, TOKEN_BYTES);
                MemorySegment.copy(MemorySegment.ofArray(MAGIC), 0, file, 0, MAGIC.length);
                return new PoolFile(path, arena, channel, file, token);
            } catch (IOException | RuntimeException e) {
                channel.close();
                arena.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the kv pool file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The data area, {@code dataBytes} long; offset 0 here is file offset {@link #HEADER_BYTES}. */
    public MemorySegment data() {
        return file.asSlice(HEADER_BYTES);
    }

    public Path path() {
        return path;
    }

    public long fileBytes() {
        return file.byteSize();
    }

    public byte[] token() {
        return token.clone();
    }

    /** Unmaps and deletes the file. */
    @Override
    public void close() {
        arena.close();
        try {
            channel.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // Left behind in tmpfs; the next store with the same path replaces it.
        }
    }
}
