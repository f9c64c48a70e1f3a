package dev.tandem.gateway.client;

import dev.tandem.gateway.api.ApiException;
import io.grpc.Status;

/** What a worker's gRPC status means to the client. */
public final class WorkerErrors {

    private WorkerErrors() {
    }

    public static ApiException toApi(Status status) {
        String detail = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT, OUT_OF_RANGE -> ApiException.invalid(null, detail);
            case RESOURCE_EXHAUSTED -> ApiException.overloaded("The decode workers are overloaded: " + detail);
            case UNAVAILABLE -> ApiException.noWorker("The decode worker is unavailable: " + detail);
            case DEADLINE_EXCEEDED -> new ApiException(504, "timeout", "The decode worker timed out: " + detail, null,
                    "timeout", null);
            default -> new ApiException(502, "worker_error", "The decode worker failed: " + status.getCode() + " "
                    + detail, null, "worker_error", null);
        };
    }

    /** Failures another worker may not have: retried once when no token has been streamed yet. */
    static boolean retriable(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
    }
}
