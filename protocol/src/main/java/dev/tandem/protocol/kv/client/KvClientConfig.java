package dev.tandem.protocol.kv.client;

import io.grpc.ClientInterceptor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link KvClient} talks to the store.
 *
 * @param transport      grpc everywhere, or shm where the store shares the host
 * @param deadline       the time one put/get (all its attempts) may take
 * @param maxAttempts    attempts of an operation on transient errors (unavailable, checksum on the wire)
 * @param initialBackoff wait before the second attempt; doubles per attempt
 * @param chunkBytes     bytes of block data per put message, so a large block never needs one large message
 * @param leaseTtl       how long shared-memory reads and reservations pin their blocks at most
 * @param connections    TCP connections (gRPC channels) per replica; a put or get of many blocks over
 *                       gRPC is spread over them (a shared-memory one is a single call)
 * @param interceptors   gRPC client interceptors (tracing; tests use one to corrupt bytes on the wire)
 */
public record KvClientConfig(KvTransport transport, Duration deadline, int maxAttempts, Duration initialBackoff,
                             int chunkBytes, Duration leaseTtl, int connections, List<ClientInterceptor> interceptors) {

    public KvClientConfig {
        Objects.requireNonNull(transport, "transport");
        positive("deadline", deadline);
        positive("initialBackoff", initialBackoff);
        positive("leaseTtl", leaseTtl);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (chunkBytes < 4096 || chunkBytes > (8 << 20)) {
            throw new IllegalArgumentException("chunkBytes must be in 4 KiB..8 MiB, got " + chunkBytes);
        }
        if (connections < 1 || connections > 64) {
            throw new IllegalArgumentException("connections must be in 1..64, got " + connections);
        }
        interceptors = List.copyOf(interceptors);
    }

    /**
     * gRPC, 10 s deadline, 3 attempts from 50 ms backoff, 256 KiB chunks (small enough that the
     * checksum pass leaves a chunk in cache for the copy into the transport), 30 s leases, 1 connection.
     */
    public static KvClientConfig defaults() {
        return new KvClientConfig(KvTransport.GRPC, Duration.ofSeconds(10), 3, Duration.ofMillis(50),
                256 << 10, Duration.ofSeconds(30), 1, List.of());
    }

    public KvClientConfig withTransport(KvTransport value) {
        return new KvClientConfig(value, deadline, maxAttempts, initialBackoff, chunkBytes, leaseTtl, connections, interceptors);
    }

    public KvClientConfig withDeadline(Duration value) {
        return new KvClientConfig(transport, value, maxAttempts, initialBackoff, chunkBytes, leaseTtl, connections, interceptors);
    }

    public KvClientConfig withMaxAttempts(int value) {
        return new KvClientConfig(transport, deadline, value, initialBackoff, chunkBytes, leaseTtl, connections, interceptors);
    }

    public KvClientConfig withInitialBackoff(Duration value) {
        return new KvClientConfig(transport, deadline, maxAttempts, value, chunkBytes, leaseTtl, connections, interceptors);
    }

    public KvClientConfig withChunkBytes(int value) {
        return new KvClientConfig(transport, deadline, maxAttempts, initialBackoff, value, leaseTtl, connections, interceptors);
    }

    public KvClientConfig withLeaseTtl(Duration value) {
        return new KvClientConfig(transport, deadline, maxAttempts, initialBackoff, chunkBytes, value, connections, interceptors);
    }

    public KvClientConfig withConnections(int value) {
        return new KvClientConfig(transport, deadline, maxAttempts, initialBackoff, chunkBytes, leaseTtl, value, interceptors);
    }

    public KvClientConfig withInterceptors(List<ClientInterceptor> value) {
        return new KvClientConfig(transport, deadline, maxAttempts, initialBackoff, chunkBytes, leaseTtl, connections, value);
    }

    private static void positive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be a positive duration, got " + value);
        }
    }
}
