package dev.tandem.prefill.health;

import dev.tandem.prefill.engine.PrefillEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the model is loaded (the AMQP connector adds its own check: the broker is connected). */
@Readiness
@ApplicationScoped
public class EngineReadinessCheck implements HealthCheck {

    private final PrefillEngine engine;

    EngineReadinessCheck(PrefillEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("prefill-engine");
        if (!engine.ready()) {
            return response.down().withData("state", engine.failure() != null ? "failed: " + engine.failure() : "loading").build();
        }
        return response.up()
                .withData("fingerprint", engine.fingerprint().toHex())
                .withData("kvLayout", engine.wireLayout().toString())
                .build();
    }
}
