package dev.tandem.cli.bench;

/**
 * What happened to one timed request. Times are milliseconds from when the request was sent: TTFT
 * to the first chunk with content, ITL the gaps between consecutive chunks with content, E2E to the
 * end of the stream.
 *
 * @param error        null when the request completed, else why it failed
 * @param inputTokens  prompt tokens (the server's usage, else the prompt's own count, else 0)
 * @param outputTokens generated tokens (the server's usage, else the chunks with content)
 */
record RequestOutcome(String error, double ttftMs, double[] itlMs, double e2eMs, int inputTokens, int outputTokens) {

    static RequestOutcome failed(String error) {
        return new RequestOutcome(error, Double.NaN, new double[0], Double.NaN, 0, 0);
    }

    boolean completed() {
        return error == null;
    }

    /**
     * Time per output token after the first: {@code (e2e - ttft) / (output_tokens - 1)}; 0 for a
     * single-token output (no such time), as vLLM counts it for goodput.
     */
    double tpotMs() {
        return outputTokens > 1 ? (e2eMs - ttftMs) / (outputTokens - 1) : 0;
    }
}
