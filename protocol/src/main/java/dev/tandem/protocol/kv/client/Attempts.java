package dev.tandem.protocol.kv.client;

import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.StatusException;

import java.util.concurrent.TimeUnit;

/** Runs an operation until it succeeds, fails for good, runs out of attempts, or passes its deadline. */
final class Attempts {

    @FunctionalInterface
    interface Attempt<T> {
        /** One try; {@code attempt} counts from 1. */
        T call(int attempt) throws StatusException, InterruptedException;
    }

    private final KvClientConfig config;

    Attempts(KvClientConfig config) {
        this.config = config;
    }

    <T> T run(String what, Deadline deadline, Attempt<T> op) {
        long backoffMs = config.initialBackoff().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return op.call(attempt);
            } catch (StatusException e) {
                Status.Code code = e.getStatus().getCode();
                boolean last = attempt >= config.maxAttempts()
                        || deadline.timeRemaining(TimeUnit.MILLISECONDS) <= backoffMs;
                if (!retryable(code) || last) {
                    throw failure(what, e.getStatus(), attempt, e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KvStoreException(KvStoreException.Kind.FAILED, what + " interrupted", e);
            }
            sleep(backoffMs);
            backoffMs *= 2;
        }
    }

    /** Transient: the replica was unreachable or restarting, or bytes were damaged in transit. */
    static boolean retryable(Status.Code code) {
        return code == Status.Code.UNAVAILABLE || code == Status.Code.DATA_LOSS || code == Status.Code.ABORTED;
    }

    static KvStoreException failure(String what, Status status, int attempts, Throwable cause) {
        KvStoreException.Kind kind = switch (status.getCode()) {
            case RESOURCE_EXHAUSTED -> KvStoreException.Kind.POOL_FULL;
            case UNAVAILABLE -> KvStoreException.Kind.UNAVAILABLE;
            case DEADLINE_EXCEEDED -> KvStoreException.Kind.DEADLINE_EXCEEDED;
            case DATA_LOSS -> KvStoreException.Kind.CHECKSUM;
            case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> KvStoreException.Kind.INVALID;
            default -> KvStoreException.Kind.FAILED;
        };
        String detail = status.getDescription() != null ? status.getDescription() : status.getCode().toString();
        return new KvStoreException(kind, what + " failed after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + detail, cause);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KvStoreException(KvStoreException.Kind.FAILED, "interrupted while backing off", e);
        }
    }
}
