package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.engine.chat.ChatRequest;
import dev.tandem.engine.chat.PromptFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code tandem render}: JSON lines {@code {"messages": [...], "tools": [...]?,
 * "add_generation_prompt": bool?, "enable_thinking": bool?}} in, {@code {"prompt": ..., "ids": [...]}} out.
 * As in transformers, {@code add_generation_prompt} defaults to false.
 */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render chats (JSON lines with messages, tools, add_generation_prompt, enable_thinking) with the model's chat template.")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory or .gguf file.")
    Path model;

    @Override
    public Integer call() throws Exception {
        PromptFormat format = PromptFormat.load(model);
        JsonLines.process(spec.commandLine().getOut(), line -> {
            JsonNode messages = line.get("messages");
            if (messages == null || !messages.isArray()) {
                throw new IllegalArgumentException("field 'messages' must be an array of messages");
            }
            JsonNode tools = line.get("tools");
            ObjectNode kwargs = JsonLines.JSON.createObjectNode();
            if (line.has("chat_template_kwargs") && line.get("chat_template_kwargs").isObject()) {
                kwargs.setAll((ObjectNode) line.get("chat_template_kwargs"));
            }
            if (line.has("enable_thinking")) {
                kwargs.set("enable_thinking", line.get("enable_thinking"));
            }
            boolean addGenerationPrompt = line.path("add_generation_prompt").asBoolean(false);
            var rendered = format.render(ChatRequest.fromJson(messages, tools, addGenerationPrompt, kwargs));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("prompt", rendered.prompt());
            result.put("ids", rendered.ids());
            return result;
        });
        return 0;
    }
}
