package dev.tandem.kvstore.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Configuration of the kv-store ({@code tandem.kv.*}). */
@ConfigMapping(prefix = "tandem.kv")
public interface KvStoreConfig {

    Pool pool();

    Eviction eviction();

    Leases leases();

    Requests requests();

    Transfer transfer();

    interface Pool {
        /** Bytes of block data the pool holds (allocated once, at startup). */
        @WithDefault("1G")
        MemorySize capacity();

        /** Bytes of one slab, the unit handed to one block size; a block must fit in a slab. */
        @WithDefault("64M")
        MemorySize slabSize();

        /**
         * The memory-mapped pool file that co-located clients map for shared-memory transfers.
         * Default: {@code /dev/shm/tandem-kv-<pid>.pool} (the temp directory without /dev/shm).
         */
        Optional<Path> path();

        /** Touch every page at startup so the whole pool is resident before the store reports ready. */
        @WithDefault("true")
        boolean prefault();
    }

    interface Eviction {
        /** Pool usage (0..1) at which LRU eviction of unpinned blocks starts. */
        @WithDefault("0.90")
        double highWatermark();

        /** Pool usage eviction brings the pool back down to. */
        @WithDefault("0.80")
        double lowWatermark();
    }

    interface Leases {
        /** How long a lease or a shared-memory reservation pins its blocks when the request names no time. */
        @WithDefault("30s")
        Duration defaultTtl();

        /** The longest lease a request may ask for. */
        @WithDefault("5m")
        Duration maxTtl();

        /** How often expired leases, reservations and request entries are swept. */
        @WithDefault("250ms")
        Duration sweepInterval();
    }

    interface Requests {
        /** How long a request-scoped entry (a prefill's result) is kept. */
        @WithDefault("60s")
        Duration ttl();
    }

    interface Transfer {
        /**
         * Bytes of block data per message the store sends to readers: small enough that a chunk
         * checksummed on its way out is still in cache when it is copied into the transport.
         */
        @WithDefault("256K")
        MemorySize chunkSize();

        /** HTTP/2 receive window of the gRPC server (per stream and connection): bytes a writer may send ahead. */
        @WithDefault("8M")
        MemorySize flowControlWindow();

        /** Bytes of frames a get or subscribe keeps queued in the transport ahead of the reader. */
        @WithDefault("8M")
        MemorySize sendAhead();

        /**
         * Verify the CRC32C of blocks written through shared memory when they are committed. Off by
         * default: no wire was crossed, and every reader verifies every block it reads; gRPC puts
         * are always verified on commit.
         */
        @WithDefault("false")
        boolean verifySharedMemoryWrites();

        /** The longest a subscribe may wait. */
        @WithDefault("5m")
        Duration maxSubscribeTimeout();
    }
}
