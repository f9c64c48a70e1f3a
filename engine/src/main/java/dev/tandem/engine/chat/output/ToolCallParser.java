package dev.tandem.engine.chat.output;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Takes Hermes / Qwen3 tool calls out of a model's content:
 * <pre>{@code
 * Let me check.
 * <tool_call>
 * {"name": "get_weather", "arguments": {"city": "Paris"}}
 * </tool_call>
 * }</pre>
 *
 * <p>Blocks are found left to right: a {@code <tool_call>} runs to the first {@code </tool_call>} after
 * it. A block whose body {@link ToolCallBlock reads as a call} becomes a {@link ToolCall}; any other
 * block stays in the content, tags and all, unchanged. A {@code <tool_call>} never closed leaves the rest
 * of the text in the content. The content is the text outside the extracted calls, concatenated as is;
 * when calls were found and that text is blank, the content is {@code null}.
 *
 * <p>Thread-safe as long as its id source is ({@link RandomToolCallIds} is).
 */
public final class ToolCallParser {

    private final Supplier<String> ids;

    /** @param ids source of the calls' ids, drawn once per extracted call in order of appearance */
    public ToolCallParser(Supplier<String> ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** A parser with {@link RandomToolCallIds} from a secure random source. */
    public ToolCallParser() {
        this(new RandomToolCallIds());
    }

    /** Parses complete content text. */
    public ToolCallResult parse(String text) {
        List<ToolCall> calls = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        int position = 0;
        while (true) {
            int open = text.indexOf(ToolCallBlock.OPEN, position);
            if (open < 0) {
                break;
            }
            int bodyStart = open + ToolCallBlock.OPEN.length();
            int close = text.indexOf(ToolCallBlock.CLOSE, bodyStart);
            if (close < 0) {
                break;
            }
            int blockEnd = close + ToolCallBlock.CLOSE.length();
            content.append(text, position, open);
            ToolCallBlock.parse(text.substring(bodyStart, close), ids).ifPresentOrElse(
                    calls::add,
                    () -> content.append(text, open, blockEnd));
            position = blockEnd;
        }
        content.append(text, position, text.length());
        boolean nothingSaid = !calls.isEmpty() && content.toString().isBlank();
        return new ToolCallResult(nothingSaid ? null : content.toString(), calls);
    }

    /** A fresh stream over one output, following the same rules as {@link #parse} and sharing its ids. */
    public ToolCallStream stream() {
        return new ToolCallStream(ids);
    }
}
