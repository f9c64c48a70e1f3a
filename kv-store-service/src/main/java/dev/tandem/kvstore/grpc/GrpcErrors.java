package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.store.ChecksumMismatchException;
import dev.tandem.kvstore.store.PoolFullException;
import dev.tandem.kvstore.store.StoreNotReadyException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps store failures to gRPC statuses; clients retry UNAVAILABLE, DATA_LOSS and ABORTED. */
final class GrpcErrors {

    private GrpcErrors() {
    }

    static StatusRuntimeException toStatus(Throwable e) {
        Status status = switch (e) {
            case StatusRuntimeException s -> s.getStatus();
            case PoolFullException p -> Status.RESOURCE_EXHAUSTED.withDescription(p.getMessage());
            case ChecksumMismatchException c -> Status.DATA_LOSS.withDescription(c.getMessage());
            case StoreNotReadyException n -> Status.UNAVAILABLE.withDescription(n.getMessage());
            case IllegalArgumentException i -> Status.INVALID_ARGUMENT.withDescription(i.getMessage());
            case IndexOutOfBoundsException i -> Status.INVALID_ARGUMENT.withDescription(i.getMessage());
            default -> Status.INTERNAL.withDescription(e.toString()).withCause(e);
        };
        return status.asRuntimeException();
    }

    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
