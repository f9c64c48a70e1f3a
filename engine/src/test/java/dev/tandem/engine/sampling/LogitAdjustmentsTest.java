package dev.tandem.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bias and penalties against hand-computed logits, and their effect on greedy choice. */
class LogitAdjustmentsTest {

    private static final float[] LOGITS = {1f, 3f, 2.5f, 3f, -1f, 0.5f, 2.9f, -4f};

    private static float[] processed(Sampler sampler) {
        float[] row = LOGITS.clone();
        sampler.sample(row, 0, row.length);
        return row;
    }

    @Test
    void nothingAskedLeavesTheLogitsUntouched() {
        Sampler sampler = new Sampler(new SamplingParams(0.7, 3, 0.9, 0.1, OptionalLong.of(1)), new int[] {1, 2, 3});
        sampler.accept(1);
        assertArrayEquals(LOGITS, processed(sampler));
    }

    @Test
    void presencePenaltySubtractsOncePerGeneratedToken() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withPenalties(0.5, 0, 1), new int[] {3});
        assertEquals(1, sampler.sample(LOGITS.clone(), 0, LOGITS.length), "the prompt's 3 is not penalized, 1 wins the tie");
        sampler.accept(1);
        sampler.accept(1);
        assertArrayEquals(new float[] {1f, 2.5f, 2.5f, 3f, -1f, 0.5f, 2.9f, -4f}, processed(sampler));
        assertEquals(3, sampler.sample(LOGITS.clone(), 0, LOGITS.length), "the penalty moves greedy to the next best");
    }

    @Test
    void frequencyPenaltyScalesWithTheCountAndAddsToPresence() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withPenalties(0.1, 0.3, 1), new int[0]);
        sampler.accept(3);
        sampler.accept(6);
        sampler.accept(3);
        float[] row = processed(sampler);
        assertEquals(3f - 0.1f - 0.6f, row[3], 1e-6);
        assertEquals(2.9f - 0.1f - 0.3f, row[6], 1e-6);
        assertEquals(3f, row[1]);
        assertEquals(2.5f, row[2]);
    }

    @Test
    void negativePenaltiesEncourageRepeats() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withPenalties(-1, -0.5, 1), new int[0]);
        sampler.accept(5);
        assertEquals(0.5f + 1f + 0.5f, processed(sampler)[5], 1e-6);
    }

    @Test
    void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOverPromptAndOutput() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withPenalties(0, 0, 2), new int[] {4, 1, 1});
        sampler.accept(7);
        sampler.accept(1);
        float[] expected = {1f, 1.5f, 2.5f, 3f, -2f, 0.5f, 2.9f, -8f};
        assertArrayEquals(expected, processed(sampler), "each id once, however often it occurs");
        assertEquals(3, sampler.sample(LOGITS.clone(), 0, LOGITS.length));
    }

    @Test
    void repetitionPenaltyBelowOneFavoursSeenTokens() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withPenalties(0, 0, 0.5), new int[] {2});
        assertEquals(5f, processed(sampler)[2]);
        assertEquals(2, sampler.sample(LOGITS.clone(), 0, LOGITS.length));
    }

    @Test
    void logitBiasIsAddedFirstThenPenalties() {
        Sampler sampler = new Sampler(SamplingParams.greedy().withLogitBias(Map.of(0, 5.0, 7, -100.0, 1, 1.0))
                .withPenalties(0, 0, 2), new int[] {1});
        float[] row = processed(sampler);
        assertEquals(6f, row[0]);
        assertEquals(-104f, row[7], "bias only: 7 was neither in the prompt nor generated");
        assertEquals((3f + 1f) / 2, row[1], "bias before the repetition penalty, as vLLM orders them");
        assertEquals(0, sampler.sample(LOGITS.clone(), 0, LOGITS.length));
    }

    @Test
    void countsFollowManyDistinctTokens() {
        TokenCounts counts = new TokenCounts();
        for (int i = 0; i < 5000; i++) {
            counts.increment((i * 7919) % 1013);
        }
        assertEquals(1013, counts.size());
        int total = 0;
        for (int slot = 0; slot < counts.slots(); slot++) {
            if (counts.idAt(slot) >= 0) {
                total += counts.countAt(slot);
            }
        }
        assertEquals(5000, total);
        assertEquals(5, counts.get(0), "5000 draws over 1013 residues: 0 comes up at i = 0, 1013, 2026, 3039, 4052");
        assertEquals(0, counts.get(2000));
    }
}
