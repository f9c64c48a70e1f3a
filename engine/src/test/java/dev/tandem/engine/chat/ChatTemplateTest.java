package dev.tandem.engine.chat;

import dev.tandem.engine.chat.jinja.TemplateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loading templates from tokenizer configs, template selection, variables, the fallback format, concurrency. */
class ChatTemplateTest {

    @TempDir
    Path dir;

    private static Map<String, Object> message(String role, Object content) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", role);
        message.put("content", content);
        return message;
    }

    private static ChatRequest userSays(String text) {
        return ChatRequest.of(List.of(message("user", text)), true);
    }

    private Path config(String json) throws IOException {
        Path file = dir.resolve("tokenizer_config.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void namedTemplatesFollowTransformersSelection() throws IOException {
        Path file = config("""
                {"chat_template": [
                   {"name": "default", "template": "D:{{ messages[0].content }}"},
                   {"name": "tool_use", "template": "T:{{ tools|length if tools else 0 }}"}],
                 "bos_token": {"content": "<s>", "lstrip": false}, "eos_token": "</s>"}""");
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(file).orElseThrow();
        assertEquals(Set.of("default", "tool_use"), template.templateNames());
        assertEquals("<s>", template.bosToken());
        assertEquals("</s>", template.eosToken());
        assertEquals("D:hi", template.render(userSays("hi")));
        ChatRequest withTools = new ChatRequest(List.of(message("user", "hi")), List.of(Map.of("type", "function")), true, null);
        assertEquals("T:1", template.render(withTools));
        assertEquals("T:0", template.named("tool_use").orElseThrow().render(userSays("hi")));
        assertEquals("D:hi", template.named("default").orElseThrow().render(withTools));
        assertTrue(template.named("missing").isEmpty());
    }

    @Test
    void withoutADefaultTemplateANameMustBeChosen() throws IOException {
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(config("""
                {"chat_template": [{"name": "rag", "template": "R"}]}""")).orElseThrow();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> template.render(userSays("hi")));
        assertTrue(e.getMessage().contains("[rag]"), e.getMessage());
        assertEquals("R", template.named("rag").orElseThrow().render(userSays("hi")));
    }

    @Test
    void readsChatTemplateJinjaBesideTheConfig() throws IOException {
        Path file = config("{\"eos_token\": \"<|end|>\"}");
        Files.writeString(dir.resolve("chat_template.jinja"), "{{ messages|length }}{{ eos_token }}\n");
        assertEquals("1<|end|>", ChatTemplate.fromTokenizerConfig(file).orElseThrow().render(userSays("x")));
    }

    @Test
    void tokenizersWithoutTemplatesGiveEmpty() throws IOException {
        assertTrue(ChatTemplate.fromTokenizerConfig(config("{\"bos_token\": \"<s>\"}")).isEmpty());
        assertTrue(ChatTemplate.fromTokenizerConfig(config("{\"chat_template\": null}")).isEmpty());
    }

    @Test
    void malformedConfigsAreReported() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.fromTokenizerConfig(config("{\"chat_template\": 3}")));
        assertThrows(UncheckedIOException.class, () -> ChatTemplate.fromTokenizerConfig(config("{not json")));
        assertThrows(UncheckedIOException.class, () -> ChatTemplate.fromTokenizerConfig(dir.resolve("absent.json")));
        TemplateException e = assertThrows(TemplateException.class, () -> ChatTemplate.fromTokenizerConfig(config("""
                {"chat_template": [{"name": "default", "template": "ok"}, {"name": "tool_use", "template": "{{ x|nope }}"}]}""")));
        assertEquals("chat_template 'tool_use' line 1, column 6: unknown filter 'nope'", e.getMessage());
    }

    @Test
    void templatesSeeTransformersVariables() throws IOException {
        Path file = config("""
                {"chat_template": "{{ bos_token is defined }} {{ eos_token }} {{ pad_token }} {{ additional_special_tokens }}\
                 {{ tools is defined }} {{ tools is none }} {{ documents is none }} {{ add_generation_prompt }} {{ enable_thinking }}",
                 "bos_token": null, "eos_token": "<e>", "pad_token": {"content": "<p>"}, "additional_special_tokens": ["<a>", "<b>"]}""");
        ChatTemplate template = ChatTemplate.fromTokenizerConfig(file).orElseThrow();
        ChatRequest request = new ChatRequest(List.of(message("user", "x")), null, false, Map.of("enable_thinking", false));
        assertEquals("False <e> <p> ['<a>', '<b>'] True True True False False", template.render(request));
    }

    @Test
    void kwargsMayNotRedefineTheRequest() {
        ChatTemplate template = ChatTemplate.of("{{ messages }}", null, null);
        ChatRequest request = new ChatRequest(List.of(message("user", "x")), null, true, Map.of("messages", "spoofed"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> template.render(request));
        assertEquals("chat template kwargs may not redefine 'messages'", e.getMessage());
    }

    @Test
    void contentPartsReachTheTemplateAsGiven() {
        ChatTemplate template = ChatTemplate.of(
                "{% for part in messages[0].content %}[{{ part.type }}:{{ part.text }}]{% endfor %}", null, null);
        List<Object> parts = List.of(Map.of("type", "text", "text", "a"), Map.of("type", "text", "text", "b"));
        assertEquals("[text:a][text:b]", template.render(ChatRequest.of(List.of(message("user", parts)), false)));
    }

    @Test
    void fallbackIsTheMessagesTextJoinedByNewlines() {
        ChatTemplate fallback = ChatTemplate.fallback("<s>", "</s>");
        assertEquals("Once upon a time", fallback.render(userSays("Once upon a time")));
        List<Map<String, Object>> conversation = List.of(
                message("system", "You tell stories."),
                message("user", "A story about a cat."),
                message("assistant", null),
                message("assistant", List.of(Map.of("type", "text", "text", "The cat "), Map.of("type", "image"),
                        Map.of("type", "text", "text", "slept."))),
                message("user", "More!"));
        String expected = "You tell stories.\nA story about a cat.\nThe cat slept.\nMore!";
        assertEquals(expected, fallback.render(ChatRequest.of(conversation, true)));
        assertEquals(expected, fallback.render(ChatRequest.of(conversation, false)));
        assertEquals("<s>", fallback.bosToken());
    }

    @Test
    void renderingIsThreadSafe() throws Exception {
        ChatTemplate template = ChatTemplate.of(InlineChatTemplatesTest.LLAMA_3, "<|begin_of_text|>", "<|eot_id|>");
        List<ChatRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            requests.add(ChatRequest.of(List.of(message("system", "S" + i), message("user", "question " + i)), i % 2 == 0));
        }
        List<String> expected = requests.stream().map(template::render).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int round = 0; round < 20; round++) {
                        for (int i = 0; i < requests.size(); i++) {
                            if (!template.render(requests.get(i)).equals(expected.get(i))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertTrue(result.get());
            }
        }
        assertTrue(expected.get(3).contains("S3<|eot_id|>") && expected.get(3).contains("question 3"));
    }

    @Test
    void requestsFromJavaCollectionsAreCopied() {
        List<Map<String, Object>> messages = new ArrayList<>(List.of(message("user", "a")));
        ChatRequest request = ChatRequest.of(messages, false);
        messages.add(message("user", "b"));
        assertEquals(1, request.messages().size());
        assertEquals(Map.of(), request.kwargs());
        assertEquals(null, request.tools());
        assertEquals(Arrays.asList("user", "a"), new ArrayList<>(request.messages().getFirst().values()));
    }
}
