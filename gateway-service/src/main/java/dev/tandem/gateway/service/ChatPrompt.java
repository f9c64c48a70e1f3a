package dev.tandem.gateway.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.engine.chat.ChatRequest;
import dev.tandem.engine.chat.PromptFormat;
import dev.tandem.engine.chat.jinja.TemplateException;
import dev.tandem.engine.chat.output.OutputParsing;
import dev.tandem.engine.tokenizer.TokenizerException;
import dev.tandem.gateway.api.ApiException;
import dev.tandem.gateway.api.ChatCompletionRequest;

import java.util.Set;

/**
 * A chat request's messages, tools and template options, checked and rendered through the model's chat template;
 * and how its output is to be parsed.
 *
 * @param ids     the rendered prompt's token ids
 * @param parsing reasoning split always (it only acts on a {@code <think>} section); tool calls when tools are on
 */
public record ChatPrompt(int[] ids, OutputParsing parsing) {

    static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer");

    public static ChatPrompt render(ChatCompletionRequest request, PromptFormat format) {
        JsonNode messages = request.messages();
        if (messages == null || messages.isNull()) {
            throw ApiException.invalid("messages", "messages is required");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages", "messages must be a non-empty array");
        }
        for (int i = 0; i < messages.size(); i++) {
            checkMessage(messages.get(i), "messages[" + i + "]");
        }
        TextChecks.validUnicode("messages", messages);
        boolean toolsOn = toolsEnabled(request);
        JsonNode tools = toolsOn ? request.tools() : null;
        TextChecks.validUnicode("tools", tools);
        checkResponseFormat(request.responseFormat());
        JsonNode kwargs = request.chatTemplateKwargs();
        if (kwargs != null && !kwargs.isNull() && !kwargs.isObject()) {
            throw ApiException.invalid("chat_template_kwargs", "chat_template_kwargs must be an object");
        }
        TextChecks.validUnicode("chat_template_kwargs", kwargs);
        try {
            ChatRequest chat = ChatRequest.fromJson(messages, tools, true, kwargs);
            PromptFormat.RenderedPrompt rendered = format.render(chat);
            boolean startsInReasoning = rendered.prompt().stripTrailing().endsWith("<think>");
            return new ChatPrompt(rendered.ids(), new OutputParsing(true, startsInReasoning, toolsOn));
        } catch (TemplateException e) {
            throw ApiException.invalid("messages", "The chat template rejected the conversation: " + e.getMessage());
        } catch (TokenizerException | IllegalArgumentException e) {
            throw ApiException.invalid("messages", e.getMessage());
        }
    }

    private static void checkMessage(JsonNode message, String param) {
        if (!message.isObject()) {
            throw ApiException.invalid(param, param + " must be an object");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw ApiException.invalid(param + ".role", param + ".role is required and must be a string");
        }
        if (!ROLES.contains(role.asText())) {
            throw ApiException.invalid(param + ".role", "Unknown role '" + role.asText() + "' in " + param
                    + "; expected one of system, user, assistant, tool, developer");
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
            throw ApiException.invalid(param + ".content", param + ".content must be a string, an array of parts or null");
        }
    }

    /** Tools are rendered and parsed unless absent, empty, or tool_choice is "none". */
    private static boolean toolsEnabled(ChatCompletionRequest request) {
        JsonNode tools = request.tools();
        if (tools == null || tools.isNull()) {
            return false;
        }
        if (!tools.isArray()) {
            throw ApiException.invalid("tools", "tools must be an array");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode function = tools.get(i).path("function");
            if (!tools.get(i).isObject() || !function.path("name").isTextual()) {
                throw ApiException.invalid("tools[" + i + "]", "tools[" + i + "] must be {\"type\": \"function\", "
                        + "\"function\": {\"name\": ..., \"parameters\": ...}}");
            }
        }
        JsonNode choice = request.toolChoice();
        if (choice != null && choice.isTextual() && !Set.of("none", "auto", "required").contains(choice.asText())) {
            throw ApiException.invalid("tool_choice", "tool_choice must be none, auto, required or a function object");
        }
        return !tools.isEmpty() && !(choice != null && choice.isTextual() && choice.asText().equals("none"));
    }

    private static void checkResponseFormat(JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        JsonNode type = format.isObject() ? format.get("type") : JsonNodeFactory.instance.nullNode();
        if (type == null || !type.isTextual()) {
            throw ApiException.invalid("response_format", "response_format must be an object with a string 'type'");
        }
        if (!type.asText().equals("text")) {
            throw ApiException.invalid("response_format", "response_format type '" + type.asText()
                    + "' is not supported; only 'text' is");
        }
    }
}
