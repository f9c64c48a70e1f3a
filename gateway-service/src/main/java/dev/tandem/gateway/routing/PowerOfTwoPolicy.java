package dev.tandem.gateway.routing;

import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/** Two distinct random workers, and the less loaded of them (ties: lower KV usage, then lower id). */
public final class PowerOfTwoPolicy implements RoutingPolicy {

    private final RandomGenerator random;

    public PowerOfTwoPolicy(RandomGenerator random) {
        this.random = random;
    }

    @Override
    public <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request) {
        List<W> ordered = candidates.stream().sorted(Comparator.comparing(RoutedWorker::id)).toList();
        if (ordered.size() == 1) {
            return ordered.getFirst();
        }
        int first;
        int second;
        synchronized (random) {
            first = random.nextInt(ordered.size());
            second = random.nextInt(ordered.size() - 1);
        }
        if (second >= first) {
            second++;
        }
        W a = ordered.get(first);
        W b = ordered.get(second);
        return LeastLoadPolicy.BY_LOAD.compare(a, b) <= 0 ? a : b;
    }
}
