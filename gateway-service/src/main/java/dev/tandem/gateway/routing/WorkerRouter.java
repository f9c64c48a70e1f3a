package dev.tandem.gateway.routing;

import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.client.DecodeWorker;
import dev.tandem.gateway.client.WorkerRegistry;
import dev.tandem.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/** Chooses a healthy decode worker for a prompt with the configured policy. */
@ApplicationScoped
public class WorkerRouter {

    private final WorkerRegistry registry;
    private final RoutingPolicy policy;

    public WorkerRouter(WorkerRegistry registry, GatewayConfig config) {
        this.registry = registry;
        this.policy = RoutingPolicies.fromConfig(config.routing());
        registry.onRemoved(policy::forget);
    }

    /** @throws ApiException 503 when no worker is healthy, before any response is started */
    public void requireAvailable() {
        choose(List.of(), Set.of(), false);
    }

    /**
     * @param excluded ids of workers not to use (one that just failed this request)
     * @throws ApiException 503 when no healthy worker is left
     */
    public DecodeWorker choose(RouteRequest request, Set<String> excluded) {
        return choose(List.of(request), excluded, true);
    }

    private DecodeWorker choose(List<RouteRequest> request, Set<String> excluded, boolean pick) {
        List<DecodeWorker> candidates = registry.healthy().stream().filter(w -> !excluded.contains(w.id())).toList();
        if (candidates.isEmpty()) {
            throw ApiException.noWorker(registry.all().isEmpty()
                    ? "No decode worker is configured or discovered"
                    : "No healthy decode worker is available; retry shortly");
        }
        return pick ? policy.choose(candidates, request.getFirst()) : null;
    }
}
