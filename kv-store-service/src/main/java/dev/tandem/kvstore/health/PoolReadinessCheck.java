package dev.tandem.kvstore.health;

import dev.tandem.kvstore.service.PoolLifecycle;
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

    public PoolReadinessCheck(PoolLifecycle lifecycle) {
        this.lifecycle = lifecycle;
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
                .build();
    }
}
