package dev.tandem.engine.chat.output;

import java.util.Objects;

/**
 * A complete tool call released by a stream.
 *
 * @param index position of the call among this output's tool calls, from 0 (OpenAI's {@code index})
 * @param call  the call
 */
public record StreamedToolCall(int index, ToolCall call) {

    public StreamedToolCall {
        if (index < 0) {
            throw new IllegalArgumentException("negative index " + index);
        }
        Objects.requireNonNull(call, "call");
    }
}
