package dev.tandem.gateway.routing;

import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** A uniformly random worker. */
public final class RandomPolicy implements RoutingPolicy {

    private final RandomGenerator random;

    public RandomPolicy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request) {
        List<W> ordered = candidates.stream().sorted(Comparator.comparing(RoutedWorker::id)).toList();
        synchronized (random) {
            return ordered.get(random.nextInt(ordered.size()));
        }
    }
}
