package dev.tandem.gateway.routing;

import dev.tandem.gateway.config.GatewayConfig;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** The policy named in the configuration. */
public final class RoutingPolicies {

    private RoutingPolicies() {
    }

    public static RoutingPolicy fromConfig(GatewayConfig.Routing config) {
        RandomGenerator random = config.seed().map(SplittableRandom::new).orElseGet(SplittableRandom::new);
        return switch (config.policy()) {
            case "round_robin" -> new RoundRobinPolicy();
            case "random" -> new RandomPolicy(random);
            case "least_load" -> new LeastLoadPolicy();
            case "power_of_two" -> new PowerOfTwoPolicy(random);
            case "cache_aware" -> new CacheAwarePolicy(config.cacheThreshold(), config.balanceAbsThreshold(),
                    config.balanceRelThreshold(), config.cacheCapacityBlocks());
            default -> throw new IllegalArgumentException("tandem.gateway.routing.policy must be one of round_robin, "
                    + "random, least_load, power_of_two, cache_aware; got '" + config.policy() + "'");
        };
    }
}
