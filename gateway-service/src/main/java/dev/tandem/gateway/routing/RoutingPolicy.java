package dev.tandem.gateway.routing;

import java.util.List;

/** Picks the decode worker for a request among healthy candidates. Implementations are thread-safe. */
public interface RoutingPolicy {

    /** @param candidates healthy workers, never empty */
    <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request);

    /** A worker left the pool: drop what is remembered about it. */
    default void forget(String workerId) {
    }
}
