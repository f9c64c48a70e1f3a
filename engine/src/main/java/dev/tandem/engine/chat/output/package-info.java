/**
 * Text-level parsers over a model's detokenized output: the reasoning split ({@code <think>...</think>}),
 * Hermes/Qwen3 tool calls ({@code <tool_call>...</tool_call>}), their composition into an OpenAI
 * assistant message, and stop strings.
 *
 * <p>Every parser comes in two forms: a non-streaming one over the whole text, and a streaming one fed
 * text deltas that never emits part of a tag it may still have to swallow. For any split of a text into
 * deltas, the concatenation of what a stream emits equals what the non-streaming parser returns.
 */
package dev.tandem.engine.chat.output;
