package dev.tandem.decode.grpc;

import dev.tandem.decode.service.QueueFullException;
import dev.tandem.decode.service.WorkerUnavailableException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import java.util.concurrent.CancellationException;

/**
 * Maps failures to the statuses decode.proto names, with a message a user can read (never a stack
 * trace; the cause stays on the server side).
 */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable e) {
        Status status = switch (e) {
            case StatusRuntimeException s -> s.getStatus();
            case IllegalArgumentException i -> Status.INVALID_ARGUMENT.withDescription(i.getMessage());
            case QueueFullException q -> Status.RESOURCE_EXHAUSTED.withDescription(q.getMessage());
            case WorkerUnavailableException u -> Status.UNAVAILABLE.withDescription(u.getMessage());
            case CancellationException c -> Status.UNAVAILABLE.withDescription("the request was aborted: " + c.getMessage());
            default -> Status.INTERNAL.withDescription("engine error: " + describe(e)).withCause(e);
        };
        return status.asRuntimeException();
    }

    private static String describe(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
