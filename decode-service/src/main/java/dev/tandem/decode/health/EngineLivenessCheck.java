package dev.tandem.decode.health;

import dev.tandem.decode.service.EngineLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the engine's step loop runs (and while the model is still loading); down if it died or the load failed. */
@Liveness
@ApplicationScoped
public class EngineLivenessCheck implements HealthCheck {

    private final EngineLifecycle lifecycle;

    public EngineLivenessCheck(EngineLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("decode-engine-loop").status(lifecycle.live()).build();
    }
}
