package dev.tandem.kvstore.service;

import dev.tandem.kvstore.config.KvStoreConfig;
import dev.tandem.kvstore.pool.OrphanPoolFiles;
import dev.tandem.kvstore.pool.PoolFile;
import dev.tandem.kvstore.store.BlockStore;
import dev.tandem.kvstore.store.StoreMetrics;
import dev.tandem.kvstore.store.StoreNotReadyException;
import dev.tandem.kvstore.store.StoreSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Allocates the pool at startup (in the background: the store reports ready when it is done),
 * then deletes the default-named pool files that dead stores left beside it; sweeps expired leases
 * and entries, and releases the pool file on shutdown.
 */
@ApplicationScoped
public class PoolLifecycle {

    private static final Logger LOG = Logger.getLogger(PoolLifecycle.class);
    /** A store that has just created its pool file may not hold its lock yet. */
    private static final Duration ORPHAN_GRACE = Duration.ofMinutes(1);

    private final KvStoreConfig config;
    private final StoreMetrics metrics;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "kv-store-timers");
        t.setDaemon(true);
        return t;
    });
    private volatile PoolFile pool;
    private volatile BlockStore store;
    private volatile String failure;

    public PoolLifecycle(KvStoreConfig config, MeterRegistry registry) {
        this.config = config;
        this.metrics = new StoreMetrics(registry);
    }

    void start(@Observes StartupEvent event) {
        Thread.ofPlatform().name("kv-pool-allocation").daemon().start(this::allocate);
    }

    void stop(@Observes ShutdownEvent event) {
        timers.shutdownNow();
        BlockStore s = store;
        if (s != null) {
            s.close();
        }
        PoolFile p = pool;
        if (p != null) {
            p.close();
        }
    }

    /** The store, or {@link StoreNotReadyException} while the pool is being allocated. */
    public BlockStore store() {
        BlockStore s = store;
        if (s == null) {
            throw new StoreNotReadyException(failure != null ? "kv pool allocation failed: " + failure
                    : "kv pool is still being allocated");
        }
        return s;
    }

    public boolean ready() {
        BlockStore s = store;
        return s != null && s.ready();
    }

    /** Why the pool could not be allocated, if it could not. */
    public String failure() {
        return failure;
    }

    public PoolFile pool() {
        store();
        return pool;
    }

    public StoreMetrics metrics() {
        return metrics;
    }

    /** A timer thread for subscription timeouts (tasks must be short). */
    public ScheduledExecutorService timers() {
        return timers;
    }

    private void allocate() {
        KvStoreConfig.Pool p = config.pool();
        try {
            StoreSettings settings = new StoreSettings(p.capacity().asLongValue(), p.slabSize().asLongValue(),
                    config.eviction().highWatermark(), config.eviction().lowWatermark(),
                    config.leases().defaultTtl(), config.leases().maxTtl(), config.requests().ttl());
            Path path = p.path().orElseGet(PoolLifecycle::defaultPath);
            long start = System.nanoTime();
            PoolFile file = PoolFile.create(path, settings.capacityBytes(), p.prefault());
            pool = file;
            store = new BlockStore(settings, file.data(), metrics, System::nanoTime);
            long sweep = config.leases().sweepInterval().toMillis();
            timers.scheduleWithFixedDelay(store::expire, sweep, sweep, TimeUnit.MILLISECONDS);
            LOG.infof("kv pool ready: %d MiB in %d MiB slabs at %s (%d ms)", settings.capacityBytes() >> 20,
                    settings.slabBytes() >> 20, path, (System.nanoTime() - start) / 1_000_000);
            if (p.path().isEmpty()) {
                for (Path orphan : OrphanPoolFiles.remove(path.getParent(), path, ORPHAN_GRACE)) {
                    LOG.infof("removed %s, the pool file of a kv-store that did not shut down", orphan);
                }
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
            LOG.error("kv pool allocation failed: " + e.getMessage(), e);
        }
    }

    private static Path defaultPath() {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return dir.resolve("tandem-kv-" + ProcessHandle.current().pid() + ".pool");
    }
}
