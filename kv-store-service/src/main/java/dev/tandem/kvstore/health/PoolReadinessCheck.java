package dev.tandem.kvstore.health;

import dev.tandem.kvstore.service.PoolLifecycle;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the pool is allocated: before that, puts and gets are refused as unavailable. */
@Readiness
@ApplicationScoped
public class PoolReadinessCheck implements HealthCheck {

    private final PoolLifecycle lifecycle;
    private final ValueRegistry values;

    public PoolReadinessCheck(PoolLifecycle lifecycle, ValueRegistry values) {
        this.lifecycle = lifecycle;
        this.values = values;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kv-pool");
        if (!lifecycle.ready()) {
            response.down();
            if (lifecycle.failure() != null) {
                response.withData("error", lifecycle.failure());
            }
            return response.build();
        }
        return response.up()
                .withData("capacityBytes", lifecycle.store().capacityBytes())
                .withData("usedBytes", lifecycle.store().usedBytes())
                .withData("blocks", lifecycle.store().blockCount())
                .withData("grpcPort", grpcPort())
                .build();
    }

    /** The port the gRPC data plane listens on (the actual one when configured as 0). */
    private long grpcPort() {
        Integer port = values.getOrDefault(GrpcServer.GRPC_TEST_PORT, null);
        return port != null && port > 0 ? port : values.getOrDefault(GrpcServer.GRPC_PORT, -1);
    }
}
