package dev.tandem.gateway.routing;

import dev.tandem.engine.cache.BlockHash;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class RoutingPoliciesTest {

    static final BlockLayout LAYOUT = new BlockLayout(new BlockHash(1, 2), 4);

    record Worker(String id, int load, double kvUsage, Optional<BlockLayout> blockLayout) implements RoutedWorker {
        Worker(String id, int load) {
            this(id, load, 0, Optional.of(LAYOUT));
        }
    }

    static RouteRequest prompt(int... ids) {
        return new RouteRequest(ids);
    }

    static int[] range(int from, int count) {
        return IntStream.range(from, from + count).toArray();
    }

    @Test
    void roundRobinCyclesInIdOrder() {
        RoundRobinPolicy policy = new RoundRobinPolicy();
        List<Worker> workers = List.of(new Worker("b", 0), new Worker("a", 9), new Worker("c", 0));
        List<String> chosen = IntStream.range(0, 4).mapToObj(i -> policy.choose(workers, prompt(1)).id()).toList();
        assertEquals(List.of("a", "b", "c", "a"), chosen);
    }

    @Test
    void randomIsReproducibleWithASeedAndCoversAll() {
        List<Worker> workers = List.of(new Worker("a", 0), new Worker("b", 0), new Worker("c", 0));
        RandomPolicy first = new RandomPolicy(new SplittableRandom(5));
        RandomPolicy second = new RandomPolicy(new SplittableRandom(5));
        List<String> a = IntStream.range(0, 30).mapToObj(i -> first.choose(workers, prompt(1)).id()).toList();
        List<String> b = IntStream.range(0, 30).mapToObj(i -> second.choose(workers, prompt(1)).id()).toList();
        assertEquals(a, b);
        assertEquals(3, a.stream().distinct().count());
    }

    @Test
    void leastLoadPicksFewestRequestsThenKvUsageThenId() {
        LeastLoadPolicy policy = new LeastLoadPolicy();
        assertEquals("b", policy.choose(List.of(new Worker("a", 3), new Worker("b", 1), new Worker("c", 2)), prompt(1)).id());
        assertEquals("c", policy.choose(List.of(new Worker("a", 1, 0.5, Optional.empty()),
                new Worker("c", 1, 0.1, Optional.empty())), prompt(1)).id());
        assertEquals("a", policy.choose(List.of(new Worker("b", 1), new Worker("a", 1)), prompt(1)).id());
    }

    @Test
    void powerOfTwoNeverPicksTheMostLoadedOfThree() {
        PowerOfTwoPolicy policy = new PowerOfTwoPolicy(new SplittableRandom(1));
        List<Worker> workers = List.of(new Worker("a", 0), new Worker("b", 5), new Worker("c", 100));
        for (int i = 0; i < 50; i++) {
            assertNotEquals("c", policy.choose(workers, prompt(1)).id());
        }
        assertEquals("a", policy.choose(List.of(new Worker("a", 0)), prompt(1)).id());
    }

    @Test
    void cacheAwareFollowsTheLongestRememberedPrefix() {
        CacheAwarePolicy policy = new CacheAwarePolicy(0.5, 32, 1.5, 1000);
        List<Worker> idle = List.of(new Worker("a", 0), new Worker("b", 0));
        int[] shared = range(0, 16);
        assertEquals("a", policy.choose(idle, new RouteRequest(shared)).id()); // nothing known: least loaded (a)
        // b is now less loaded, but a holds the whole prefix (4 of 5 blocks > 0.5)
        List<Worker> aBusier = List.of(new Worker("a", 3), new Worker("b", 0));
        int[] extended = IntStream.concat(IntStream.of(shared), IntStream.range(100, 104)).toArray();
        assertEquals("a", policy.choose(aBusier, new RouteRequest(extended)).id());
        // an unrelated prompt matches nowhere: least loaded
        assertEquals("b", policy.choose(aBusier, new RouteRequest(range(500, 16))).id());
    }

    @Test
    void cacheAwareIgnoresPrefixWhenBelowThresholdOrImbalanced() {
        CacheAwarePolicy policy = new CacheAwarePolicy(0.5, 2, 1.5, 1000);
        List<Worker> idle = List.of(new Worker("a", 0), new Worker("b", 0));
        policy.choose(idle, new RouteRequest(range(0, 8))); // a remembers 2 blocks
        // 2 of 8 blocks = 0.25, below the threshold: least loaded
        List<Worker> aBusier = List.of(new Worker("a", 1), new Worker("b", 0));
        int[] longer = IntStream.concat(IntStream.range(0, 8), IntStream.range(200, 224)).toArray();
        assertEquals("b", policy.choose(aBusier, new RouteRequest(longer)).id());
        // full match but load imbalanced (10 - 0 > 2 and 10 > 0): least loaded
        List<Worker> imbalanced = List.of(new Worker("a", 10), new Worker("b", 0));
        assertEquals("b", policy.choose(imbalanced, new RouteRequest(range(0, 8))).id());
    }

    @Test
    void cacheAwareForgetsRemovedWorkersAndEvictsOldBlocks() {
        CacheAwarePolicy policy = new CacheAwarePolicy(0.5, 32, 1.5, 2);
        List<Worker> idle = List.of(new Worker("a", 0), new Worker("b", 0));
        policy.choose(idle, new RouteRequest(range(0, 8)));
        List<Worker> aBusier = List.of(new Worker("a", 1), new Worker("b", 0));
        assertEquals("a", policy.choose(aBusier, new RouteRequest(range(0, 8))).id());
        policy.forget("a");
        assertEquals("b", policy.choose(aBusier, new RouteRequest(range(0, 8))).id());
        // capacity 2 blocks: routing a second prompt to a pushes the first one's hashes out
        CacheAwarePolicy small = new CacheAwarePolicy(0.5, 32, 1.5, 2);
        small.choose(idle, new RouteRequest(range(0, 16)));
        assertEquals("a", small.choose(idle, new RouteRequest(range(300, 16))).id());
        assertEquals("b", small.choose(aBusier, new RouteRequest(range(0, 16))).id());
    }
}
