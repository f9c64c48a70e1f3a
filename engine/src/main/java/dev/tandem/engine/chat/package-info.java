/**
 * Chat templates: turning a conversation (messages, tools, options) into a model's prompt text exactly as
 * Hugging Face transformers' {@code apply_chat_template} does. {@link dev.tandem.engine.chat.ChatTemplate}
 * reads the template from {@code tokenizer_config.json} and renders {@link dev.tandem.engine.chat.ChatRequest}s
 * with the interpreter in {@link dev.tandem.engine.chat.jinja}.
 */
package dev.tandem.engine.chat;
