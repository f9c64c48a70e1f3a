package dev.tandem.gateway.rest;

import dev.tandem.gateway.client.WorkerRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** {@code GET /health} as vLLM serves it: 200 when at least one decode worker is healthy, else 503. */
@Path("/health")
public class HealthResource {

    private final WorkerRegistry workers;

    public HealthResource(WorkerRegistry workers) {
        this.workers = workers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response health() {
        int healthy = workers.healthy().size();
        return Response.status(healthy > 0 ? 200 : 503)
                .entity(Map.of("healthy_workers", healthy, "workers", workers.all().size()))
                .build();
    }
}
