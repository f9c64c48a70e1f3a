package dev.tandem.decode.grpc;

import dev.tandem.decode.service.QueueFullException;
import dev.tandem.decode.service.WorkerUnavailableException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GrpcErrorsTest {

    @Test
    void mapsFailuresToTheContractsStatuses() {
        assertEquals(Status.Code.INVALID_ARGUMENT, GrpcErrors.toStatus(new IllegalArgumentException("bad")).getStatus().getCode());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcErrors.toStatus(new QueueFullException("full")).getStatus().getCode());
        assertEquals(Status.Code.UNAVAILABLE, GrpcErrors.toStatus(new WorkerUnavailableException("loading")).getStatus().getCode());
    }

    @Test
    void anEngineErrorIsInternalWithItsMessageAndNoStackTrace() {
        Status status = GrpcErrors.toStatus(new IllegalStateException("no free KV block to append to")).getStatus();
        assertEquals(Status.Code.INTERNAL, status.getCode());
        assertEquals("engine error: no free KV block to append to", status.getDescription());
        assertEquals("engine error: NullPointerException", GrpcErrors.toStatus(new NullPointerException()).getStatus().getDescription());
    }
}
