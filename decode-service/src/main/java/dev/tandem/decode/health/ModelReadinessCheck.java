package dev.tandem.decode.health;

import dev.tandem.decode.service.EngineLifecycle;
import dev.tandem.decode.service.LoadedEngine;
import io.quarkus.grpc.runtime.GrpcServer;
import io.quarkus.value.registry.ValueRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded and until the worker starts stopping. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final EngineLifecycle lifecycle;
    private final ValueRegistry values;

    public ModelReadinessCheck(EngineLifecycle lifecycle, ValueRegistry values) {
        this.lifecycle = lifecycle;
        this.values = values;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("decode-model");
        if (!lifecycle.ready()) {
            response.down();
            if (lifecycle.failure() != null) {
                response.withData("error", lifecycle.failure());
            }
            return response.build();
        }
        LoadedEngine loaded = lifecycle.engine();
        return response.up()
                .withData("model", loaded.modelPath().toString())
                .withData("kvBlocks", loaded.engineConfig().kvBlocks())
                .withData("grpcPort", grpcPort())
                .build();
    }

    /** The port Decode listens on (the actual one when configured as 0). */
    private long grpcPort() {
        Integer port = values.getOrDefault(GrpcServer.GRPC_TEST_PORT, null);
        return port != null && port > 0 ? port : values.getOrDefault(GrpcServer.GRPC_PORT, -1);
    }
}
