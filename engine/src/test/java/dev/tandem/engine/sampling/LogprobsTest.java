package dev.tandem.engine.sampling;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logprobs against hand-computed log-softmax values. */
class LogprobsTest {

    /** Probabilities 1/6, 2/6, 3/6 before any temperature. */
    private static final float[] THIRDS = {0f, (float) Math.log(2), (float) Math.log(3)};

    private static TokenLogprobs sampleWithLogprobs(SamplingParams params, float[] logits, int... generated) {
        Sampler sampler = new Sampler(params, new int[0]);
        for (int token : generated) {
            sampler.accept(token);
        }
        float[] row = logits.clone();
        int token = sampler.sample(row, 0, row.length);
        return sampler.logprobs(row, 0, row.length, token);
    }

    @Test
    void greedyReportsTheLogSoftmaxOfTheRawLogits() {
        TokenLogprobs lp = sampleWithLogprobs(SamplingParams.greedy().withTopLogprobs(2), THIRDS);
        assertEquals(2, lp.tokenId());
        assertEquals(Math.log(0.5), lp.logprob(), 1e-6);
        assertEquals(2, lp.top().size());
        assertEquals(2, lp.top().get(0).tokenId());
        assertEquals(Math.log(0.5), lp.top().get(0).logprob(), 1e-6);
        assertEquals(1, lp.top().get(1).tokenId());
        assertEquals(Math.log(1.0 / 3), lp.top().get(1).logprob(), 1e-6);
    }

    @Test
    void temperatureScalesBeforeTheSoftmaxButTruncationDoesNot() {
        float[] doubled = {0f, 2 * (float) Math.log(2), 2 * (float) Math.log(3)};
        TokenLogprobs lp = sampleWithLogprobs(new SamplingParams(2, 1, 1, 0, OptionalLong.of(3)).withTopLogprobs(3), doubled);
        assertEquals(2, lp.tokenId(), "top-k 1 leaves only the most likely to draw");
        assertEquals(Math.log(0.5), lp.logprob(), 1e-6, "yet its logprob is over the whole vocabulary");
        assertEquals(Math.log(1.0 / 6), lp.top().get(2).logprob(), 1e-6);
    }

    @Test
    void penaltiesAreInTheReportedDistribution() {
        float[] boosted = {0f, (float) Math.log(2), (float) Math.log(3) + 1};
        TokenLogprobs lp = sampleWithLogprobs(SamplingParams.greedy().withPenalties(1, 0, 1).withTopLogprobs(0), boosted, 2);
        assertEquals(2, lp.tokenId());
        assertEquals(Math.log(0.5), lp.logprob(), 1e-6);
        assertEquals(List.of(), lp.top());
    }

    @Test
    void topIdsAreOrderedWithTiesToTheLowerId() {
        float[] logits = {1f, 3f, 3f, 2f, 3f};
        assertArrayEquals(new int[] {1, 2, 4}, Sampler.topIds(logits, 0, logits.length, 3));
        assertArrayEquals(new int[] {1, 2, 4, 3, 0}, Sampler.topIds(logits, 0, logits.length, 9));
        assertArrayEquals(new int[0], Sampler.topIds(logits, 0, logits.length, 0));
    }

    @Test
    void rangesAreCheckedWithTheParameterAndValueNamed() {
        SamplingParams greedy = SamplingParams.greedy();
        assertMessage(() -> greedy.withPenalties(2.5, 0, 1), "presence_penalty must be in [-2, 2], got 2.5");
        assertMessage(() -> greedy.withPenalties(0, -3, 1), "frequency_penalty must be in [-2, 2], got -3.0");
        assertMessage(() -> greedy.withPenalties(0, 0, 0), "repetition_penalty must be a finite number > 0, got 0.0");
        assertMessage(() -> greedy.withLogitBias(java.util.Map.of(5, 101.0)), "logit_bias for token 5 must be in [-100, 100], got 101.0");
        assertMessage(() -> greedy.withLogitBias(java.util.Map.of(-1, 1.0)), "logit_bias token id must be >= 0, got -1");
        assertMessage(() -> greedy.withTopLogprobs(21), "top_logprobs must be in [0, 20] (or -1 for none), got 21");
    }

    private static void assertMessage(Runnable build, String message) {
        var e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
