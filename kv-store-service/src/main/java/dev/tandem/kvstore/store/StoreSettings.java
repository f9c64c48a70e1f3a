package dev.tandem.kvstore.store;

import java.time.Duration;

/**
 * The block store's tunables, validated.
 *
 * @param capacityBytes  bytes of block data the pool holds
 * @param slabBytes      bytes of one slab (a block must fit in one)
 * @param highWatermark  pool usage (0..1) at which eviction of unpinned blocks starts
 * @param lowWatermark   usage eviction brings the pool back down to
 * @param defaultLease   lease (and reservation) time when a request names none
 * @param maxLease       longest lease a request may ask for
 * @param requestTtl     how long request entries live
 */
public record StoreSettings(long capacityBytes, long slabBytes, double highWatermark, double lowWatermark,
                            Duration defaultLease, Duration maxLease, Duration requestTtl) {

    public StoreSettings {
        if (capacityBytes <= 0) {
            throw new IllegalArgumentException("pool capacity must be positive, got " + capacityBytes);
        }
        if (!(lowWatermark > 0 && lowWatermark <= highWatermark && highWatermark <= 1)) {
            throw new IllegalArgumentException("watermarks need 0 < low <= high <= 1, got low " + lowWatermark
                    + " and high " + highWatermark);
        }
        if (defaultLease.isNegative() || defaultLease.isZero() || maxLease.compareTo(defaultLease) < 0) {
            throw new IllegalArgumentException("leases need 0 < default <= max, got " + defaultLease + " and " + maxLease);
        }
        if (requestTtl.isNegative() || requestTtl.isZero()) {
            throw new IllegalArgumentException("request TTL must be positive, got " + requestTtl);
        }
    }

    /** The lease a request asked for ({@code 0}: the default), capped at the maximum. */
    public Duration lease(long requestedMillis) {
        if (requestedMillis <= 0) {
            return defaultLease;
        }
        Duration asked = Duration.ofMillis(requestedMillis);
        return asked.compareTo(maxLease) > 0 ? maxLease : asked;
    }
}
