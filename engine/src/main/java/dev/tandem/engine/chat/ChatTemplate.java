package dev.tandem.engine.chat;

import dev.tandem.engine.chat.jinja.Template;
import dev.tandem.engine.chat.jinja.TemplateException;
import dev.tandem.engine.chat.jinja.TemplateFunction;
import dev.tandem.engine.chat.jinja.Values;
import dev.tandem.engine.chat.jinja.WhitespaceOptions;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A model's chat template: turns a conversation into the prompt text the model was trained on, exactly as
 * Hugging Face transformers' {@code apply_chat_template} does (Jinja with {@code trim_blocks},
 * {@code lstrip_blocks}, {@code raise_exception}, {@code strftime_now} and {@code tojson} as
 * {@code json.dumps(ensure_ascii=False)}).
 *
 * <p>The template variables are {@code messages}, {@code tools} (none without tools), {@code documents} (none),
 * {@code add_generation_prompt}, the tokenizer's special tokens ({@code bos_token}, {@code eos_token}, ...,
 * absent when unset) and the request's {@code kwargs}.
 *
 * <p>Templates are compiled once; {@link #render} is thread-safe.
 */
public final class ChatTemplate {

    /** The name of the template used when a tokenizer lists several ({@code chat_template: [{name, template}]}). */
    public static final String DEFAULT_NAME = "default";
    /** The template transformers picks instead of the default when the request has tools. */
    public static final String TOOL_USE_NAME = "tool_use";

    /**
     * The {@link #fallback} format: each message's text in order (a string content, or the {@code text} of its
     * {@code "text"} parts), one newline between messages, roles not printed, messages without text skipped.
     */
    static final String FALLBACK_SOURCE = """
            {%- set ns = namespace(first=true) -%}
            {%- for message in messages -%}
                {%- if message.content is string -%}
                    {%- set text = message.content -%}
                {%- elif message.content is iterable and message.content is not mapping -%}
                    {%- set text = message.content | selectattr("type", "equalto", "text") | map(attribute="text") | join("") -%}
                {%- else -%}
                    {%- set text = "" -%}
                {%- endif -%}
                {%- if text -%}
                    {%- if not ns.first %}{{ "\\n" }}{% endif -%}
                    {{- text -}}
                    {%- set ns.first = false -%}
                {%- endif -%}
            {%- endfor -%}
            """;

    private static final Set<String> RESERVED = Set.of("messages", "tools", "documents", "add_generation_prompt");

    private final Map<String, Template> templates;
    private final String selected;
    private final Map<String, Object> specialTokens;
    private final Clock clock;

    private ChatTemplate(Map<String, Template> templates, String selected, Map<String, Object> specialTokens, Clock clock) {
        this.templates = templates;
        this.selected = selected;
        this.specialTokens = specialTokens;
        this.clock = clock;
    }

    /**
     * The chat template(s) of a Hugging Face tokenizer: {@code chat_template} in {@code tokenizer_config.json}
     * (one string, or a list of named templates: "default" is used, and "tool_use" when a request has tools,
     * like transformers; others via {@link #named}), else a {@code chat_template.jinja} file beside it. Special
     * tokens may be strings or {@code {"content": ...}} objects.
     *
     * @return empty when the tokenizer has no chat template (use {@link #fallback})
     * @throws java.io.UncheckedIOException when the file cannot be read or is not JSON
     * @throws IllegalArgumentException     when {@code chat_template} has an unexpected shape
     * @throws TemplateException            when a template does not compile
     */
    public static Optional<ChatTemplate> fromTokenizerConfig(Path tokenizerConfigJson) {
        return TokenizerChatConfig.read(tokenizerConfigJson).map(config -> {
            Map<String, Template> compiled = new LinkedHashMap<>();
            boolean single = config.templates().size() == 1 && config.templates().containsKey(DEFAULT_NAME);
            config.templates().forEach((name, source) ->
                    compiled.put(name, compile(single ? "chat_template" : "chat_template '" + name + "'", source)));
            return new ChatTemplate(Collections.unmodifiableMap(compiled), null, config.specialTokens(), Clock.systemDefaultZone());
        });
    }

    /**
     * A template from its source.
     *
     * @param bosToken the {@code bos_token} variable, or null to leave it undefined
     * @param eosToken the {@code eos_token} variable, or null to leave it undefined
     * @throws TemplateException when the source does not compile
     */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        Objects.requireNonNull(source, "source");
        Map<String, Object> tokens = new LinkedHashMap<>();
        if (bosToken != null) {
            tokens.put("bos_token", bosToken);
        }
        if (eosToken != null) {
            tokens.put("eos_token", eosToken);
        }
        return new ChatTemplate(Map.of(DEFAULT_NAME, compile("chat_template", source)), null,
                Collections.unmodifiableMap(tokens), Clock.systemDefaultZone());
    }

    /**
     * The format for models without a chat template (such as base models like stories260K): the text of every
     * message in order (string content, or the text parts of a content list), separated by one newline, with
     * no role names and no special tokens; {@code add_generation_prompt} appends nothing. The tokenizer adds
     * BOS as it does for any prompt. For a single user message the prompt is exactly that message's text,
     * which a base model simply continues.
     */
    public static ChatTemplate fallback(String bosToken, String eosToken) {
        return of(FALLBACK_SOURCE, bosToken, eosToken);
    }

    /** The template of that name (for a tokenizer listing several, e.g. "tool_use"), used for every request. */
    public Optional<ChatTemplate> named(String name) {
        return templates.containsKey(name)
                ? Optional.of(new ChatTemplate(templates, name, specialTokens, clock))
                : Optional.empty();
    }

    /** The names of the templates ({@code "default"} for a single template). */
    public Set<String> templateNames() {
        return templates.keySet();
    }

    /** The same templates with {@code strftime_now} reading this clock (for reproducible prompts and tests). */
    public ChatTemplate withClock(Clock clock) {
        return new ChatTemplate(templates, selected, specialTokens, Objects.requireNonNull(clock, "clock"));
    }

    /** The {@code bos_token} given to templates, or null. */
    public String bosToken() {
        return (String) specialTokens.get("bos_token");
    }

    /** The {@code eos_token} given to templates, or null. */
    public String eosToken() {
        return (String) specialTokens.get("eos_token");
    }

    /**
     * Renders the prompt for a request.
     *
     * @throws TemplateException        when rendering fails (the message names the template line) or the
     *                                  template rejects the conversation with {@code raise_exception}
     *                                  (kind {@link TemplateException.Kind#RAISED}, message verbatim)
     * @throws IllegalArgumentException when kwargs redefine messages, tools, documents or add_generation_prompt,
     *                                  or hold values templates cannot use
     */
    public String render(ChatRequest request) {
        Template template = templateFor(request);
        Map<String, Object> variables = new LinkedHashMap<>(specialTokens);
        variables.put("raise_exception", (TemplateFunction) arguments -> {
            throw TemplateException.raised(Values.str(arguments.bind("raise_exception", "message").required(0)));
        });
        variables.put("strftime_now", (TemplateFunction) arguments ->
                PythonStrftime.format(arguments.bind("strftime_now", "format").string(0, ""), ZonedDateTime.now(clock)));
        request.kwargs().forEach((key, value) -> {
            if (RESERVED.contains(key)) {
                throw new IllegalArgumentException("chat template kwargs may not redefine '" + key + "'");
            }
            variables.put(key, value);
        });
        variables.put("messages", request.messages());
        variables.put("tools", request.tools());
        variables.put("documents", null);
        variables.put("add_generation_prompt", request.addGenerationPrompt());
        return template.render(variables);
    }

    /** transformers' choice: the named template, else "tool_use" for requests with tools, else "default". */
    private Template templateFor(ChatRequest request) {
        if (selected != null) {
            return templates.get(selected);
        }
        if (request.tools() != null && templates.containsKey(TOOL_USE_NAME)) {
            return templates.get(TOOL_USE_NAME);
        }
        Template template = templates.get(DEFAULT_NAME);
        if (template == null) {
            throw new IllegalStateException("this tokenizer has no 'default' chat template; choose one of "
                    + templates.keySet() + " with named(...)");
        }
        return template;
    }

    private static Template compile(String name, String source) {
        return Template.compile(name, source, WhitespaceOptions.TRANSFORMERS);
    }
}
