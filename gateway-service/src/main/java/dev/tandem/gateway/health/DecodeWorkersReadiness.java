package dev.tandem.gateway.health;

import dev.tandem.gateway.client.DecodeWorker;
import dev.tandem.gateway.client.WorkerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when at least one decode worker answers; each worker's state is listed. */
@Readiness
@ApplicationScoped
public class DecodeWorkersReadiness implements HealthCheck {

    private final WorkerRegistry workers;

    public DecodeWorkersReadiness(WorkerRegistry workers) {
        this.workers = workers;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("decode-workers")
                .status(!workers.healthy().isEmpty());
        for (DecodeWorker worker : workers.all()) {
            response.withData(worker.id(), worker.healthy() ? "healthy" : "unhealthy: " + worker.lastProblem());
        }
        return response.build();
    }
}
