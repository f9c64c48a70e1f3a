package dev.tandem.kvstore.pool;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrphanPoolFilesTest {

    @Test
    void deletesOnlyUnlockedPoolFilesPastTheGracePeriod(@TempDir Path dir) throws Exception {
        Path orphan = poolFile(dir, "tandem-kv-111.pool", Duration.ofMinutes(5));
        Path fresh = poolFile(dir, "tandem-kv-222.pool", Duration.ZERO);
        Path other = poolFile(dir, "notes.pool", Duration.ofMinutes(5));
        Path own = dir.resolve("tandem-kv-333.pool");
        try (PoolFile live = PoolFile.create(own, 64 << 10, false)) {
            Files.setLastModifiedTime(own, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

            List<Path> removed = OrphanPoolFiles.remove(dir, dir.resolve("tandem-kv-444.pool"), Duration.ofMinutes(1));

            assertEquals(List.of(orphan), removed);
            assertTrue(Files.exists(fresh), "inside the grace period");
            assertTrue(Files.exists(other), "not a pool file name");
            assertTrue(Files.exists(own), "locked by a live store");
        }
    }

    @Test
    void aPoolFileOfAKilledStoreProcessIsAnOrphan(@TempDir Path dir) throws Exception {
        Path pool = dir.resolve("tandem-kv-555.pool");
        // A separate JVM creates the pool file, holds its lock, and is killed without closing it.
        Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), pool.toString())
                .redirectErrorStream(true).start();
        try {
            assertTrue(holder.inputReader().readLine().startsWith("locked"), "the holder took the lock");
            Files.setLastModifiedTime(pool, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
            assertEquals(List.of(), OrphanPoolFiles.remove(dir, null, Duration.ofMinutes(1)), "alive: kept");
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        assertEquals(List.of(pool), OrphanPoolFiles.remove(dir, null, Duration.ofMinutes(1)), "killed: removed");
    }

    private static Path poolFile(Path dir, String name, Duration age) throws Exception {
        Path file = Files.write(dir.resolve(name), new byte[8192]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    /** Creates a pool file and keeps it until killed. */
    public static final class LockHolder {
        public static void main(String[] args) throws Exception {
            PoolFile.create(Path.of(args[0]), 64 << 10, false);
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
