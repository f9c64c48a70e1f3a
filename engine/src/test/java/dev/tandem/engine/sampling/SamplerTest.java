package dev.tandem.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplerTest {

    private static final float[] LOGITS = {1f, 3f, 2.5f, 3f, -1f, 0.5f, 2.9f, -4f};

    private static SamplingParams params(double temperature, int topK, double topP, double minP, long seed) {
        return new SamplingParams(temperature, topK, topP, minP, OptionalLong.of(seed));
    }

    private static Set<Integer> drawn(SamplingParams params, int draws) {
        Sampler sampler = new Sampler(params);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < draws; i++) {
            seen.add(sampler.sample(LOGITS, 0, LOGITS.length));
        }
        return seen;
    }

    @Test
    void greedyTakesTheArgmaxWithTiesToTheLowerId() {
        assertEquals(1, new Sampler(SamplingParams.greedy()).sample(LOGITS, 0, LOGITS.length));
        assertEquals(1, Sampler.argmax(LOGITS, 0, LOGITS.length));
    }

    @Test
    void topKKeepsOnlyTheKMostLikely() {
        assertEquals(Set.of(1, 3), drawn(params(5, 2, 1, 0, 1), 400));
        assertEquals(Set.of(1, 3, 6), drawn(params(5, 3, 1, 0, 2), 400));
    }

    @Test
    void topPKeepsTheSmallestNucleus() {
        // At temperature 1 tokens 1 and 3 hold about 0.53 of the mass: p = 0.5 keeps exactly those two.
        assertEquals(Set.of(1, 3), drawn(params(1, 0, 0.5, 0, 3), 500));
    }

    @Test
    void minPDropsTokensFarLessLikelyThanTheBest() {
        // exp(-0.5) = 0.61: min_p 0.6 keeps logits within 0.51 of the max (3, 3, 2.9, 2.5).
        assertEquals(Set.of(1, 2, 3, 6), drawn(params(1, 0, 1, 0.6, 4), 2000));
    }

    @Test
    void sameSeedSameTokensAndFreshSeedsDiffer() {
        float[] flat = new float[1000];
        Sampler a = new Sampler(params(1, 0, 1, 0, 99));
        Sampler b = new Sampler(params(1, 0, 1, 0, 99));
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            first.append(a.sample(flat, 0, flat.length)).append(',');
            second.append(b.sample(flat, 0, flat.length)).append(',');
        }
        assertEquals(first.toString(), second.toString());

        Sampler c = new Sampler(new SamplingParams(1, 0, 1, 0, OptionalLong.empty()));
        Sampler d = new Sampler(new SamplingParams(1, 0, 1, 0, OptionalLong.empty()));
        StringBuilder third = new StringBuilder();
        StringBuilder fourth = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            third.append(c.sample(flat, 0, flat.length)).append(',');
            fourth.append(d.sample(flat, 0, flat.length)).append(',');
        }
        assertNotEquals(third.toString(), fourth.toString());
    }

    @Test
    void samplingFollowsTheDistribution() {
        float[] logits = {0f, (float) Math.log(3)};
        Sampler sampler = new Sampler(params(1, 0, 1, 0, 5));
        int ones = 0;
        for (int i = 0; i < 20000; i++) {
            ones += sampler.sample(logits, 0, 2);
        }
        assertEquals(0.75, ones / 20000.0, 0.02);
    }

    @Test
    void rejectsOutOfRangeParameters() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> params(-1, 0, 1, 0, 1)).getMessage().contains("temperature"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> params(1, 0, 0, 0, 1)).getMessage().contains("top_p"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> params(1, 0, 1, 1.5, 1)).getMessage().contains("min_p"));
    }
}
