package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The statistics of a serving benchmark over its timed requests. Latency summaries are over
 * completed requests (TTFT, TPOT for outputs of more than one token, E2E) and over every gap between
 * content chunks of completed requests (ITL). Percentiles are exact over the samples, with linear
 * interpolation between the two nearest ranks (numpy's default, which vLLM's and SGLang's
 * benchmarks use): for sorted samples x[0..n-1], p-th percentile = x[k] + (x[k+1] - x[k]) * f where
 * k + f = (n - 1) * p / 100.
 *
 * @param durationS      seconds from the first request sent to the last one finished
 * @param goodRequests   requests meeting the SLOs, or -1 when no SLOs were given
 * @param errors         the first {@value #MAX_ERRORS} distinct failure messages
 */
record ServeReport(int completed, int failed, double durationS, long totalInputTokens, long totalOutputTokens,
                   Summary ttft, Summary tpot, Summary itl, Summary e2e, GoodputSlo slo, int goodRequests,
                   List<String> errors) {

    static final int MAX_ERRORS = 5;

    /** Mean and percentiles of a set of samples, in milliseconds; null when there are no samples. */
    record Summary(double mean, double p50, double p90, double p99) {

        static Summary of(double[] samples) {
            if (samples.length == 0) {
                return null;
            }
            double[] sorted = samples.clone();
            Arrays.sort(sorted);
            return new Summary(Arrays.stream(sorted).sum() / sorted.length,
                    percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99));
        }
    }

    /** The p-th percentile (0..100) of ascending {@code sorted} samples, interpolated linearly between ranks. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0 || p < 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p + " of " + sorted.length + " samples");
        }
        double rank = (sorted.length - 1) * p / 100;
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    static ServeReport of(List<RequestOutcome> outcomes, double durationS, GoodputSlo slo) {
        List<RequestOutcome> done = outcomes.stream().filter(RequestOutcome::completed).toList();
        Set<String> errors = new LinkedHashSet<>();
        outcomes.stream().filter(o -> !o.completed()).map(RequestOutcome::error)
                .forEach(e -> {
                    if (errors.size() < MAX_ERRORS) {
                        errors.add(e);
                    }
                });
        return new ServeReport(done.size(), outcomes.size() - done.size(), durationS,
                done.stream().mapToLong(RequestOutcome::inputTokens).sum(),
                done.stream().mapToLong(RequestOutcome::outputTokens).sum(),
                Summary.of(done.stream().mapToDouble(RequestOutcome::ttftMs).toArray()),
                Summary.of(done.stream().filter(o -> o.outputTokens() > 1).mapToDouble(RequestOutcome::tpotMs).toArray()),
                Summary.of(done.stream().flatMapToDouble(o -> Arrays.stream(o.itlMs())).toArray()),
                Summary.of(done.stream().mapToDouble(RequestOutcome::e2eMs).toArray()),
                slo, slo == null ? -1 : (int) outcomes.stream().filter(slo::meets).count(),
                new ArrayList<>(errors));
    }

    int requests() {
        return completed + failed;
    }

    double perSecond(double count) {
        return durationS > 0 ? count / durationS : 0;
    }

    /** Writes the report's fields into {@code json}, in the order of vLLM's and SGLang's reports. */
    ObjectNode writeTo(ObjectNode json) {
        json.put("completed", completed)
                .put("failed", failed)
                .put("duration_s", round(durationS))
                .put("request_throughput", round(perSecond(completed)))
                .put("input_throughput", round(perSecond(totalInputTokens)))
                .put("output_throughput", round(perSecond(totalOutputTokens)))
                .put("total_input_tokens", totalInputTokens)
                .put("total_output_tokens", totalOutputTokens);
        summary(json, "ttft_ms", ttft);
        summary(json, "tpot_ms", tpot);
        summary(json, "itl_ms", itl);
        summary(json, "e2e_ms", e2e);
        if (slo == null) {
            json.putNull("goodput");
        } else {
            ObjectNode goodput = json.putObject("goodput");
            goodput.put("slo_ttft_ms", slo.ttftMs());
            goodput.put("slo_tpot_ms", slo.tpotMs());
            goodput.put("requests_per_s", round(perSecond(goodRequests)));
            goodput.put("fraction", round(requests() == 0 ? 0 : (double) goodRequests / requests()));
        }
        errors.forEach(json.putArray("errors")::add);
        return json;
    }

    private static void summary(ObjectNode json, String name, Summary s) {
        if (s == null) {
            json.putNull(name);
            return;
        }
        json.putObject(name).put("mean", round(s.mean())).put("p50", round(s.p50())).put("p90", round(s.p90()))
                .put("p99", round(s.p99()));
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
