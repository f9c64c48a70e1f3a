package dev.tandem.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeReportTest {

    private static RequestOutcome ok(double ttft, double e2e, int output, double... itl) {
        return new RequestOutcome(null, ttft, itl, e2e, 10, output);
    }

    @Test
    void percentilesInterpolateBetweenRanksLikeNumpy() {
        double[] oneToTen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // numpy.percentile(range(1, 11), [0, 50, 90, 99, 100]) = [1, 5.5, 9.1, 9.91, 10]
        assertEquals(1, ServeReport.percentile(oneToTen, 0), 1e-12);
        assertEquals(5.5, ServeReport.percentile(oneToTen, 50), 1e-12);
        assertEquals(9.1, ServeReport.percentile(oneToTen, 90), 1e-12);
        assertEquals(9.91, ServeReport.percentile(oneToTen, 99), 1e-12);
        assertEquals(10, ServeReport.percentile(oneToTen, 100), 1e-12);
        assertEquals(7, ServeReport.percentile(new double[]{7}, 99), 0);
        assertThrows(IllegalArgumentException.class, () -> ServeReport.percentile(new double[0], 50));
    }

    @Test
    void summarySortsItsSamples() {
        ServeReport.Summary s = ServeReport.Summary.of(new double[]{4, 1, 3, 2});
        assertEquals(2.5, s.mean(), 1e-12);
        assertEquals(2.5, s.p50(), 1e-12);
        assertEquals(3.7, s.p90(), 1e-12);
        assertNull(ServeReport.Summary.of(new double[0]));
    }

    @Test
    void tpotIsTheDecodeTimeOverTheTokensAfterTheFirst() {
        assertEquals(10, ok(10, 100, 10).tpotMs(), 1e-12);
        assertEquals(0, ok(10, 100, 1).tpotMs(), 0);
    }

    @Test
    void reportCountsTokensAndLeavesSingleTokenOutputsOutOfTpot() {
        ServeReport r = ServeReport.of(List.of(ok(10, 100, 10, 5, 15), ok(30, 30, 1), RequestOutcome.failed("boom")), 2.0, null);
        assertEquals(2, r.completed());
        assertEquals(1, r.failed());
        assertEquals(20, r.totalInputTokens());
        assertEquals(11, r.totalOutputTokens());
        assertEquals(1, r.perSecond(r.completed()), 1e-12);
        assertEquals(20, r.ttft().mean(), 1e-12);
        assertEquals(10, r.tpot().mean(), 1e-12);
        assertEquals(10, r.itl().mean(), 1e-12);
        assertEquals(65, r.e2e().mean(), 1e-12);
        assertEquals(List.of("boom"), r.errors());
        assertTrue(r.writeTo(new ObjectMapper().createObjectNode()).get("goodput").isNull());
    }

    @Test
    void goodputCountsRequestsMeetingEveryObjective() {
        GoodputSlo slo = GoodputSlo.parse(List.of("ttft:50", "tpot:20"));
        List<RequestOutcome> outcomes = List.of(
                ok(10, 100, 10),   // ttft 10, tpot 10: good
                ok(60, 100, 10),   // ttft too slow
                ok(10, 1000, 10),  // tpot 110: too slow
                ok(50, 50, 1),     // on the ttft bound, no tpot: good
                RequestOutcome.failed("x"));
        ServeReport r = ServeReport.of(outcomes, 4.0, slo);
        assertEquals(2, r.goodRequests());
        JsonNode goodput = r.writeTo(new ObjectMapper().createObjectNode()).get("goodput");
        assertEquals(50.0, goodput.get("slo_ttft_ms").asDouble());
        assertEquals(20.0, goodput.get("slo_tpot_ms").asDouble());
        assertEquals(0.5, goodput.get("requests_per_s").asDouble(), 1e-12);
        assertEquals(0.4, goodput.get("fraction").asDouble(), 1e-12);
    }

    @Test
    void goodputTermsAreValidated() {
        assertNull(GoodputSlo.parse(List.of()));
        GoodputSlo ttftOnly = GoodputSlo.parse(List.of("ttft:500"));
        assertEquals(500.0, ttftOnly.ttftMs());
        assertNull(ttftOnly.tpotMs());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GoodputSlo.parse(List.of("e2e:5"))).getMessage().contains("e2e"));
        assertThrows(IllegalArgumentException.class, () -> GoodputSlo.parse(List.of("ttft")));
        assertThrows(IllegalArgumentException.class, () -> GoodputSlo.parse(List.of("tpot:-1")));
    }

    @Test
    void errorsKeepTheFirstDistinctMessages() {
        List<RequestOutcome> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            outcomes.add(RequestOutcome.failed("e" + (i % 8)));
        }
        assertEquals(List.of("e0", "e1", "e2", "e3", "e4"), ServeReport.of(outcomes, 1, null).errors());
    }
}
