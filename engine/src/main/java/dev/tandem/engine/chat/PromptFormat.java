package dev.tandem.engine.chat;

import dev.tandem.engine.checkpoint.GgufFile;
import dev.tandem.engine.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How text and chats become token ids for one checkpoint: its tokenizer and chat template, read
 * from a Hugging Face directory ({@code tokenizer.json}, {@code tokenizer_config.json}) or from a
 * GGUF file's {@code tokenizer.*} metadata. Models without a template get
 * {@link ChatTemplate#fallback}: plain message texts, one per line, with the tokenizer's BOS.
 *
 * @param fallbackTemplate whether the template is the fallback (then the tokenizer adds its special tokens)
 */
public record PromptFormat(Tokenizer tokenizer, ChatTemplate template, boolean fallbackTemplate) {

    /** A chat rendered to text and ids. */
    public record RenderedPrompt(String prompt, int[] ids) {
    }

    public static PromptFormat load(Path model) {
        if (Files.isRegularFile(model) && model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")) {
            Tokenizer tokenizer;
            try (GgufFile gguf = GgufFile.open(model)) {
                tokenizer = Tokenizer.fromGguf(gguf.metadata());
            }
            return withTemplate(tokenizer, tokenizer.chatTemplate()
                    .map(source -> ChatTemplate.of(source, tokenizer.bosToken().orElse(null), tokenizer.eosToken().orElse(null))));
        }
        Tokenizer tokenizer = Tokenizer.fromDirectory(model);
        Path config = model.resolve("tokenizer_config.json");
        return withTemplate(tokenizer, Files.isRegularFile(config) ? ChatTemplate.fromTokenizerConfig(config) : Optional.empty());
    }

    private static PromptFormat withTemplate(Tokenizer tokenizer, Optional<ChatTemplate> template) {
        return template
                .map(t -> new PromptFormat(tokenizer, t, false))
                .orElseGet(() -> new PromptFormat(tokenizer,
                        ChatTemplate.fallback(tokenizer.bosToken().orElse(null), tokenizer.eosToken().orElse(null)), true));
    }

    /**
     * Renders a chat and tokenizes it. A real template writes its own special tokens (as
     * transformers' {@code apply_chat_template} does, no more are added); the fallback relies on the
     * tokenizer's post-processor for BOS.
     */
    public RenderedPrompt render(ChatRequest request) {
        String prompt = template.render(request);
        return new RenderedPrompt(prompt, tokenizer.encode(prompt, fallbackTemplate));
    }
}
