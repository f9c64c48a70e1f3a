package dev.tandem.gateway.routing;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Each request to the next worker, in the order of their ids. */
public final class RoundRobinPolicy implements RoutingPolicy {

    private final AtomicLong next = new AtomicLong();

    @Override
    public <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request) {
        List<W> ordered = candidates.stream().sorted(Comparator.comparing(RoutedWorker::id)).toList();
        return ordered.get((int) Math.floorMod(next.getAndIncrement(), (long) ordered.size()));
    }
}
