package dev.tandem.kvstore.pool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pool files left in the pool directory by stores that died without closing (killed, crashed,
 * OOM-killed): a 1 GiB pool on tmpfs is 1 GiB of RAM until someone deletes it. A file is an
 * orphan when nobody holds its header lock ({@link PoolFile}) and it is older than a grace period
 * (a store that has just created its file may not hold the lock yet). Locks are the kernel's, so
 * this also holds across PID namespaces sharing one /dev/shm, where a PID says nothing.
 */
public final class OrphanPoolFiles {

    /** The default pool file names: {@code tandem-kv-<pid>.pool}. */
    public static final String GLOB = "tandem-kv-*.pool";

    private OrphanPoolFiles() {
    }

    /** Deletes the orphaned pool files in {@code dir} other than {@code keep}; returns the ones deleted. */
    public static List<Path> remove(Path dir, Path keep, Duration grace) {
        List<Path> removed = new ArrayList<>();
        Instant cutoff = Instant.now().minus(grace);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, GLOB)) {
            for (Path file : files) {
                if (!file.equals(keep) && olderThan(file, cutoff) && unlocked(file)) {
                    if (Files.deleteIfExists(file)) {
                        removed.add(file);
                    }
                }
            }
        } catch (IOException e) {
            // Best effort: an unreadable directory leaves the files where they are.
        }
        return removed;
    }

    private static boolean olderThan(Path file, Instant cutoff) throws IOException {
        return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
    }

    private static boolean unlocked(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(0, PoolFile.HEADER_BYTES, false);
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException | IOException e) {
            return false;
        }
    }
}
