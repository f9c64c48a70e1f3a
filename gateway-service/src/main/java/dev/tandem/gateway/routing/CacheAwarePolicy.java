package dev.tandem.gateway.routing;

import dev.tandem.engine.cache.BlockHash;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SGLang's cache-aware routing over block hashes. While load is balanced, a request goes to the worker that was
 * recently sent the longest prefix of its blocks, if that prefix covers more than {@code threshold} of the prompt's
 * blocks; otherwise (no such worker, or load imbalanced) to the least loaded worker. Either way the prompt's blocks
 * are remembered for the chosen worker.
 *
 * <p>Load is imbalanced when {@code max - min > balanceAbs} and {@code max > min * balanceRel}.
 */
public final class CacheAwarePolicy implements RoutingPolicy {

    private final double threshold;
    private final int balanceAbs;
    private final double balanceRel;
    private final int capacityBlocks;
    private final Map<String, RecentBlocks> recent = new ConcurrentHashMap<>();

    public CacheAwarePolicy(double threshold, int balanceAbs, double balanceRel, int capacityBlocks) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("cache threshold must be in [0, 1], got " + threshold);
        }
        if (capacityBlocks < 1) {
            throw new IllegalArgumentException("cache capacity must be >= 1 block, got " + capacityBlocks);
        }
        this.threshold = threshold;
        this.balanceAbs = balanceAbs;
        this.balanceRel = balanceRel;
        this.capacityBlocks = capacityBlocks;
    }

    @Override
    public <W extends RoutedWorker> W choose(List<W> candidates, RouteRequest request) {
        W leastLoaded = candidates.stream().min(LeastLoadPolicy.BY_LOAD).orElseThrow();
        W chosen = balanced(candidates) ? bestPrefix(candidates, request).orElse(leastLoaded) : leastLoaded;
        chosen.blockLayout().ifPresent(layout -> memoryOf(chosen.id()).remember(request.blockHashes(layout)));
        return chosen;
    }

    @Override
    public void forget(String workerId) {
        recent.remove(workerId);
    }

    private boolean balanced(List<? extends RoutedWorker> candidates) {
        int max = candidates.stream().mapToInt(RoutedWorker::load).max().orElse(0);
        int min = candidates.stream().mapToInt(RoutedWorker::load).min().orElse(0);
        return !(max - min > balanceAbs && max > min * balanceRel);
    }

    private <W extends RoutedWorker> Optional<W> bestPrefix(List<W> candidates, RouteRequest request) {
        W best = null;
        double bestRatio = -1;
        for (W worker : candidates) {
            Optional<BlockLayout> layout = worker.blockLayout();
            RecentBlocks memory = recent.get(worker.id());
            if (layout.isEmpty() || memory == null) {
                continue;
            }
            BlockHash[] chain = request.blockHashes(layout.get());
            if (chain.length == 0) {
                continue;
            }
            double ratio = (double) memory.matchedPrefix(chain) / chain.length;
            if (ratio > bestRatio || (ratio == bestRatio && LeastLoadPolicy.BY_LOAD.compare(worker, best) < 0)) {
                best = worker;
                bestRatio = ratio;
            }
        }
        return bestRatio > threshold ? Optional.of(best) : Optional.empty();
    }

    private RecentBlocks memoryOf(String workerId) {
        return recent.computeIfAbsent(workerId, id -> new RecentBlocks(capacityBlocks));
    }
}
