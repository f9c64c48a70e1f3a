package dev.tandem.cli.bench;

import java.util.List;

/**
 * Service-level objectives for goodput, as in DistServe: a completed request is good when it
 * meets every objective given. A null bound is not checked.
 *
 * @param ttftMs the most time to first token, in ms
 * @param tpotMs the most time per output token, in ms
 */
record GoodputSlo(Double ttftMs, Double tpotMs) {

    GoodputSlo {
        if ((ttftMs != null && !(ttftMs > 0)) || (tpotMs != null && !(tpotMs > 0))) {
            throw new IllegalArgumentException("--goodput bounds must be > 0 ms, got ttft " + ttftMs + ", tpot " + tpotMs);
        }
    }

    /** Parses {@code ttft:500 tpot:100} (either or both, milliseconds); null for no objectives. */
    static GoodputSlo parse(List<String> terms) {
        if (terms == null || terms.isEmpty()) {
            return null;
        }
        Double ttft = null;
        Double tpot = null;
        for (String term : terms) {
            String[] kv = term.split(":", 2);
            double value;
            try {
                value = kv.length == 2 ? Double.parseDouble(kv[1]) : Double.NaN;
            } catch (NumberFormatException e) {
                value = Double.NaN;
            }
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("--goodput terms are ttft:MS or tpot:MS, got '" + term + "'");
            }
            switch (kv[0]) {
                case "ttft" -> ttft = value;
                case "tpot" -> tpot = value;
                default -> throw new IllegalArgumentException("--goodput knows ttft and tpot, got '" + kv[0] + "'");
            }
        }
        return new GoodputSlo(ttft, tpot);
    }

    boolean meets(RequestOutcome outcome) {
        return outcome.completed()
                && (ttftMs == null || outcome.ttftMs() <= ttftMs)
                && (tpotMs == null || outcome.tpotMs() <= tpotMs);
    }
}
