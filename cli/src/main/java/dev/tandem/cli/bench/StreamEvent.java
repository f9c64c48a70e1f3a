package dev.tandem.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one line of an OpenAI server-sent-event stream means to the benchmark. A chunk "has
 * content" when its first choice carries non-empty {@code text} (completions) or
 * {@code delta.content} / {@code delta.reasoning_content} (chat); role-only and empty chunks do not
 * count towards TTFT or ITL.
 *
 * @param done    the line is {@code data: [DONE]}
 * @param content the chunk carries generated text
 * @param usage   the chunk's {@code usage}, or null
 * @param error   the message of an in-stream {@code error} object, or null
 */
record StreamEvent(boolean done, boolean content, Usage usage, String error) {

    /** Token counts as the server reports them. */
    record Usage(int promptTokens, int completionTokens) {
    }

    /** Blank lines, comments, other SSE fields: nothing to record. */
    static final StreamEvent NOTHING = new StreamEvent(false, false, null, null);

    private static final StreamEvent DONE = new StreamEvent(true, false, null, null);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Parses one line (without its line break); a {@code data:} payload that is not JSON is an error. */
    static StreamEvent parse(String line) {
        if (!line.startsWith("data:")) {
            return NOTHING;
        }
        String data = line.substring("data:".length()).strip();
        if (data.equals("[DONE]")) {
            return DONE;
        }
        JsonNode chunk;
        try {
            chunk = JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return new StreamEvent(false, false, null, "malformed stream chunk: " + abbreviate(data));
        }
        if (chunk == null || !chunk.isObject()) {
            return new StreamEvent(false, false, null, "malformed stream chunk: " + abbreviate(data));
        }
        if (chunk.hasNonNull("error")) {
            return new StreamEvent(false, false, null, errorMessage(chunk));
        }
        JsonNode usage = chunk.get("usage");
        Usage counted = usage != null && usage.isObject()
                ? new Usage(usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1)) : null;
        return new StreamEvent(false, hasContent(chunk.path("choices").path(0)), counted, null);
    }

    /** The message of an OpenAI error body {@code {"error": {"message": ...}}}, or the body itself. */
    static String errorMessage(JsonNode body) {
        JsonNode error = body.get("error");
        if (error != null && error.hasNonNull("message")) {
            return error.get("message").asText();
        }
        if (error != null && error.isTextual()) {
            return error.asText();
        }
        return abbreviate(body.toString());
    }

    private static boolean hasContent(JsonNode choice) {
        return nonEmpty(choice.get("text")) || nonEmpty(choice.path("delta").get("content"))
                || nonEmpty(choice.path("delta").get("reasoning_content"));
    }

    private static boolean nonEmpty(JsonNode text) {
        return text != null && text.isTextual() && !text.asText().isEmpty();
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
