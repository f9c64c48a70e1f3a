package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads from one replica with retries: each attempt asks again only for the blocks not landed yet
 * (including those that arrived corrupt), within the operation's deadline. What never lands ends
 * as a status, not an exception: a miss means recompute.
 */
final class ReplicaReads {

    private final KvClientConfig config;
    private final BlockCalls calls;

    ReplicaReads(KvClientConfig config, BlockCalls calls) {
        this.config = config;
        this.calls = calls;
    }

    void fetch(ReplicaLink link, int connection, int[] indexes, List<BlockKey> keys, BlockSink sink,
                       BlockStatus[] statuses, Deadline deadline) {
        long backoffMs = config.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            int[] pending = Arrays.stream(indexes)
                    .filter(i -> statuses[i] == null || statuses[i] == BlockStatus.CORRUPT).toArray();
            if (pending.length == 0 || (attempt > 1 && deadline.timeRemaining(TimeUnit.MILLISECONDS) <= backoffMs)) {
                break;
            }
            if (attempt > 1) {
                pause(backoffMs);
                backoffMs *= 2;
            }
            try {
                SharedPoolMapping pool = sharedPool(link, deadline);
                calls.get(link, connection, Arrays.stream(pending).mapToObj(keys::get).toList(), pending, sink,
                        statuses, pool, deadline);
            } catch (StatusException e) {
                if (config.transport() == KvTransport.SHM) {
                    link.forgetSharedPool();
                }
                if (!Attempts.retryable(e.getStatus().getCode()) && e.getStatus().getCode() != Status.Code.INTERNAL) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i : indexes) {
            if (statuses[i] == null) {
                statuses[i] = BlockStatus.UNAVAILABLE;
            }
        }
    }

    PrefillResult await(ReplicaLink link, int[] indexes, List<BlockKey> keys, String requestId, long endNanos,
                                BlockSink sink, BlockStatus[] statuses, Deadline deadline) {
        PrefillResult entry = null;
        long backoffMs = config.initialBackoff().toMillis();
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            int[] pending = Arrays.stream(indexes)
                    .filter(i -> statuses[i] == null || statuses[i] == BlockStatus.CORRUPT).toArray();
            long remaining = endNanos - System.nanoTime();
            if ((pending.length == 0 && (requestId == null || entry != null)) || remaining <= 0) {
                break;
            }
            try {
                SharedPoolMapping pool = sharedPool(link, deadline);
                GetStreamReader reader = calls.subscribe(link, Arrays.stream(pending).mapToObj(keys::get).toList(),
                        pending, entry == null ? requestId : null, Duration.ofNanos(remaining), sink, statuses, pool, deadline);
                if (reader.entry() != null) {
                    entry = reader.entry();
                }
            } catch (StatusException e) {
                if (!Attempts.retryable(e.getStatus().getCode())) {
                    break;
                }
                pause(backoffMs);
                backoffMs *= 2;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return entry;
    }

    private SharedPoolMapping sharedPool(ReplicaLink link, Deadline deadline) throws StatusException {
        return config.transport() == KvTransport.SHM ? link.sharedPool(deadline).orElse(null) : null;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
