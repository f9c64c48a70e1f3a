package dev.tandem.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.engine.chat.jinja.TemplateException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Typical chat templates of other model families, inline: ChatML, Meta's Llama 3.x template (tools, date,
 * {@code tojson(indent=4)}, {@code raise_exception}) and Gemma's (role alternation through
 * {@code raise_exception}). Expected prompts are Python Jinja2 3.1's renders with transformers' environment,
 * {@code strftime_now} fixed at 2024-03-09 14:05:07.
 */
class InlineChatTemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String CHATML = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content']"
            + " + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    static final String GEMMA = "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}"
            + "{% endif %}{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}"
            + "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}"
            + "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}"
            + "{{ '<start_of_turn>' + role + '\\n' + message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{'<start_of_turn>model\\n'}}{% endif %}";

    static final String LLAMA_3 = """
            {{- bos_token }}
            {%- if custom_tools is defined %}
                {%- set tools = custom_tools %}
            {%- endif %}
            {%- if not tools_in_user_message is defined %}
                {%- set tools_in_user_message = true %}
            {%- endif %}
            {%- if not date_string is defined %}
                {%- if strftime_now is defined %}
                    {%- set date_string = strftime_now("%d %b %Y") %}
                {%- else %}
                    {%- set date_string = "26 Jul 2024" %}
                {%- endif %}
            {%- endif %}
            {%- if not tools is defined %}
                {%- set tools = none %}
            {%- endif %}

            {#- This block extracts the system message, so we can slot it into the right place. #}
            {%- if messages[0]['role'] == 'system' %}
                {%- set system_message = messages[0]['content']|trim %}
                {%- set messages = messages[1:] %}
            {%- else %}
                {%- set system_message = "" %}
            {%- endif %}

            {#- System message #}
            {{- "<|start_header_id|>system<|end_header_id|>\\n\\n" }}
            {%- if tools is not none %}
                {{- "Environment: ipython\\n" }}
            {%- endif %}
            {{- "Cutting Knowledge Date: December 2023\\n" }}
            {{- "Today Date: " + date_string + "\\n\\n" }}
            {%- if tools is not none and not tools_in_user_message %}
                {{- "You have access to the following functions. To call a function, please respond with JSON for a function call." }}
                {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
                {{- "Do not use variables.\\n\\n" }}
                {%- for t in tools %}
                    {{- t | tojson(indent=4) }}
                    {{- "\\n\\n" }}
                {%- endfor %}
            {%- endif %}
            {{- system_message }}
            {{- "<|eot_id|>" }}

            {#- Custom tools are passed in a user message with some extra guidance #}
            {%- if tools_in_user_message and not tools is none %}
                {#- Extract the first user message so we can plug it in here #}
                {%- if messages | length != 0 %}
                    {%- set first_user_message = messages[0]['content']|trim %}
                    {%- set messages = messages[1:] %}
                {%- else %}
                    {{- raise_exception("Cannot put tools in the first user message when there's no first user message!") }}
            {%- endif %}
                {{- '<|start_header_id|>user<|end_header_id|>\\n\\n' -}}
                {{- "Given the following functions, please respond with a JSON for a function call " }}
                {{- "with its proper arguments that best answers the given prompt.\\n\\n" }}
                {{- 'Respond in the format {"name": function name, "parameters": dictionary of argument name and its value}.' }}
                {{- "Do not use variables.\\n\\n" }}
                {%- for t in tools %}
                    {{- t | tojson(indent=4) }}
                    {{- "\\n\\n" }}
                {%- endfor %}
                {{- first_user_message + "<|eot_id|>"}}
            {%- endif %}

            {%- for message in messages %}
                {%- if not (message.role == 'ipython' or message.role == 'tool' or 'tool_calls' in message) %}
                    {{- '<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + '<|eot_id|>' }}
                {%- elif 'tool_calls' in message %}
                    {%- if not message.tool_calls|length == 1 %}
                        {{- raise_exception("This model only supports single tool-calls at once!") }}
                    {%- endif %}
                    {%- set tool_call = message.tool_calls[0].function %}
                    {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' -}}
                    {{- '{"name": "' + tool_call.name + '", ' }}
                    {{- '"parameters": ' }}
                    {{- tool_call.arguments | tojson }}
                    {{- "}" }}
                    {{- "<|eot_id|>" }}
                {%- elif message.role == "tool" or message.role == "ipython" %}
                    {{- "<|start_header_id|>ipython<|end_header_id|>\\n\\n" }}
                    {%- if message.content is mapping or message.content is iterable %}
                        {{- message.content | tojson }}
                    {%- else %}
                        {{- message.content }}
                    {%- endif %}
                    {{- "<|eot_id|>" }}
                {%- endif %}
            {%- endfor %}
            {%- if add_generation_prompt %}
                {{- '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}
            {%- endif %}
            """;

    private static final String CONVERSATION = """
            [{"role": "system", "content": "  Be brief.  "}, {"role": "user", "content": "Hi there "},
             {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Weather?"}]""";
    private static final String TOOL_CONVERSATION = """
            [{"role": "user", "content": "Weather in Paris?"},
             {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function",
              "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
             {"role": "tool", "content": {"temp_c": 21.5, "sky": "clear"}}]""";
    private static final String WEATHER_TOOL = """
            [{"type": "function", "function": {"name": "get_weather", "description": "Weather for a city.",
              "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]""";

    private static final Clock MARCH_9 = Clock.fixed(LocalDateTime.of(2024, 3, 9, 14, 5, 7).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static ChatRequest request(String messages, String tools, boolean addGenerationPrompt) throws Exception {
        return ChatRequest.fromJson(json(messages), tools == null ? null : json(tools), addGenerationPrompt, null);
    }

    @Test
    void chatml() throws Exception {
        ArrayNode withoutSystem = (ArrayNode) json(CONVERSATION);
        withoutSystem.remove(0);
        ChatRequest request = ChatRequest.fromJson(withoutSystem, null, true, null);
        assertEquals("<|im_start|>user\nHi there <|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n"
                        + "<|im_start|>user\nWeather?<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.of(CHATML, null, null).render(request));
    }

    @Test
    void llama3WithSystemMessageAndDateFromStrftimeNow() throws Exception {
        ChatTemplate template = ChatTemplate.of(LLAMA_3, "<|begin_of_text|>", "<|eot_id|>").withClock(MARCH_9);
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                        + "Today Date: 09 Mar 2024\n\nBe brief.<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                        + "Weather?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                template.render(request(CONVERSATION, null, true)));
    }

    @Test
    void llama3WithToolsToolCallAndToolResult() throws Exception {
        ChatTemplate template = ChatTemplate.of(LLAMA_3, "<|begin_of_text|>", "<|eot_id|>").withClock(MARCH_9);
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nEnvironment: ipython\n"
                        + "Cutting Knowledge Date: December 2023\nToday Date: 09 Mar 2024\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n"
                        + "Given the following functions, please respond with a JSON for a function call with its proper arguments that"
                        + " best answers the given prompt.\n\nRespond in the format {\"name\": function name, \"parameters\": dictionary of"
                        + " argument name and its value}.Do not use variables.\n\n{\n    \"type\": \"function\",\n    \"function\": {\n"
                        + "        \"name\": \"get_weather\",\n        \"description\": \"Weather for a city.\",\n        \"parameters\": {\n"
                        + "            \"type\": \"object\",\n            \"properties\": {\n                \"city\": {\n"
                        + "                    \"type\": \"string\"\n                }\n            },\n            \"required\": [\n"
                        + "                \"city\"\n            ]\n        }\n    }\n}\n\nWeather in Paris?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n{\"name\": \"get_weather\", \"parameters\": {\"city\": \"Paris\"}}"
                        + "<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n{\"temp_c\": 21.5, \"sky\": \"clear\"}<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                template.render(request(TOOL_CONVERSATION, WEATHER_TOOL, true)));
    }

    @Test
    void llama3DateStringFromKwargs() throws Exception {
        ChatTemplate template = ChatTemplate.of(LLAMA_3, "<|begin_of_text|>", null);
        ChatRequest request = new ChatRequest(ChatRequest.fromJson(json("[{\"role\": \"user\", \"content\": \"Hi there \"}]"),
                null, false, null).messages(), null, false, Map.of("date_string", "01 Jan 2025"));
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                + "Today Date: 01 Jan 2025\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>", template.render(request));
    }

    @Test
    void llama3RaisesForMultipleToolCalls() throws Exception {
        String twoCalls = """
                [{"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [
                  {"function": {"name": "a", "arguments": {}}}, {"function": {"name": "b", "arguments": {}}}]}]""";
        TemplateException e = assertThrows(TemplateException.class,
                () -> ChatTemplate.of(LLAMA_3, "<s>", null).render(request(twoCalls, null, false)));
        assertEquals(TemplateException.Kind.RAISED, e.kind());
        assertEquals("This model only supports single tool-calls at once!", e.getMessage());
    }

    @Test
    void gemmaMapsAssistantToModelAndTrimsContent() throws Exception {
        String messages = """
                [{"role": "user", "content": "Hi there "}, {"role": "assistant", "content": "Hello!"}]""";
        assertEquals("<bos><start_of_turn>user\nHi there<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n<start_of_turn>model\n",
                ChatTemplate.of(GEMMA, "<bos>", "<eos>").render(request(messages, null, true)));
    }

    @Test
    void gemmaRejectsSystemMessagesAndBrokenAlternation() {
        ChatTemplate gemma = ChatTemplate.of(GEMMA, "<bos>", "<eos>");
        TemplateException system = assertThrows(TemplateException.class, () -> gemma.render(request(CONVERSATION, null, true)));
        assertEquals("System role not supported", system.getMessage());
        TemplateException alternation = assertThrows(TemplateException.class, () -> gemma.render(request(
                "[{\"role\": \"user\", \"content\": \"a\"}, {\"role\": \"user\", \"content\": \"b\"}]", null, true)));
        assertEquals("Conversation roles must alternate user/assistant/user/assistant/...", alternation.getMessage());
        assertEquals(TemplateException.Kind.RAISED, alternation.kind());
    }
}
