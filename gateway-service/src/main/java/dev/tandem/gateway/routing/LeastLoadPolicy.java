package dev.tandem.gateway.routing;

import java.util.Comparator;
import java.util.List;

/** The worker with the fewest running and waiting requests; ties go to lower KV usage, then the lower id. */
public final class LeastLoadPolicy implements RoutingPolicy {

    static final Comparator<RoutedWorker> BY_LOAD = Comparator.comparingInt(RoutedWorker::load)
            .thenComparingDouble(RoutedWorker::kvUsage)
            .thenComparing(RoutedWorker::id);

    @Override
    public <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request) {
        return candidates.stream().min(BY_LOAD).orElseThrow();
    }
}
