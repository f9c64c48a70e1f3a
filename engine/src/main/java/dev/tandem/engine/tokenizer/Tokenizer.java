package dev.tandem.engine.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A text tokenizer with Hugging Face {@code tokenizers} semantics: {@link #encode} gives the ids the official library
 * gives for the same {@code tokenizer.json}, and {@link #decode} the same text. Immutable and thread-safe;
 * {@link #newDetokenizer} gives a per-stream incremental decoder.
 *
 * <p>Deliberate differences from the library: decoding an id outside the vocabulary is an error (the library skips
 * it silently); text with an unpaired surrogate is rejected (it is not Unicode, and cannot reach the library);
 * {@code truncation} and {@code padding} of {@code tokenizer.json} are ignored (callers decide on lengths). Only
 * BPE models are supported.
 */
public final class Tokenizer {

    private final TokenizerPipeline pipeline;
    private final Optional<String> bosToken;
    private final Optional<String> eosToken;
    private final Set<Integer> eosTokenIds;
    private final Optional<String> chatTemplate;

    Tokenizer(TokenizerPipeline pipeline, Optional<String> bosToken, Optional<String> eosToken,
              Set<Integer> eosTokenIds, Optional<String> chatTemplate) {
        this.pipeline = pipeline;
        this.bosToken = bosToken;
        this.eosToken = eosToken;
        this.eosTokenIds = Set.copyOf(eosTokenIds);
        this.chatTemplate = chatTemplate;
    }

    /**
     * Loads {@code tokenizer.json} from a model directory, with {@code tokenizer_config.json} (special-token names,
     * {@code add_bos_token}, chat template) and {@code generation_config.json} (extra end-of-sequence ids) when
     * present.
     */
    public static Tokenizer fromDirectory(Path dir) {
        Path json = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(json)) {
            throw new TokenizerException("no tokenizer.json in " + dir);
        }
        return TokenizerJsonLoader.load(json, existing(dir.resolve("tokenizer_config.json")),
                existing(dir.resolve("generation_config.json")));
    }

    /** Loads a {@code tokenizer.json} file, with an optional {@code tokenizer_config.json}. */
    public static Tokenizer fromJson(Path tokenizerJson, Optional<Path> tokenizerConfig) {
        return TokenizerJsonLoader.load(tokenizerJson, tokenizerConfig, Optional.empty());
    }

    /**
     * Builds the tokenizer described by GGUF metadata ({@code tokenizer.ggml.*}): strings as {@link String}, integers
     * as {@link Long} (any integral {@link Number} is accepted), floats as {@link Double} or {@link Float}, booleans
     * as {@link Boolean}, arrays as {@link java.util.List}. Supported models: {@code llama} (SentencePiece with
     * scores) and {@code gpt2} (byte-level BPE; {@code pre} one of default, gpt2, llama-bpe, llama3, qwen2).
     */
    public static Tokenizer fromGguf(Map<String, Object> metadata) {
        return GgufTokenizerFactory.create(metadata);
    }

    /** The token ids of {@code text}; {@code addSpecialTokens} applies the post-processor (e.g. BOS for Llama). */
    public int[] encode(String text, boolean addSpecialTokens) {
        return pipeline.encode(text, addSpecialTokens);
    }

    /** Like {@link #encode} for UTF-8 bytes; malformed UTF-8 is a {@link TokenizerException} naming the offset. */
    public int[] encodeUtf8(byte[] utf8, boolean addSpecialTokens) {
        return pipeline.encode(Utf8Codec.decodeStrict(utf8), addSpecialTokens);
    }

    /**
     * The text of {@code ids}; with {@code skipSpecialTokens}, special added tokens are left out. An id outside the
     * vocabulary is a {@link TokenizerException} naming it and the vocabulary size.
     */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return pipeline.decode(ids, skipSpecialTokens);
    }

    /** A new streaming decoder (not thread-safe: one per output stream). */
    public IncrementalDetokenizer newDetokenizer(boolean skipSpecialTokens) {
        return new IncrementalDetokenizer(this, pipeline, skipSpecialTokens);
    }

    /** The size of the id space: the largest token id plus one (model vocabulary and added tokens). */
    public int vocabSize() {
        return pipeline.vocabulary().size();
    }

    /** The id of a token string (a vocabulary entry such as {@code "Ġworld"}, or an added token's content). */
    public OptionalInt tokenId(String token) {
        return pipeline.vocabulary().id(token);
    }

    /** The token string of an id; a {@link TokenizerException} when the id is not in the vocabulary. */
    public String token(int id) {
        return pipeline.vocabulary().token(id);
    }

    /** Whether the id is a special token (skipped by {@code decode(ids, true)}). */
    public boolean isSpecial(int id) {
        return pipeline.vocabulary().isSpecial(id);
    }

    /** The beginning-of-sequence token's id, when the tokenizer has one. */
    public OptionalInt bosTokenId() {
        return bosToken.map(token -> tokenId(token)).orElse(OptionalInt.empty());
    }

    /** Ids that end generation: the configured end-of-sequence token, plus any from the generation config. */
    public Set<Integer> eosTokenIds() {
        return eosTokenIds;
    }

    /** The beginning-of-sequence token string (e.g. {@code "<s>"}), for chat templates. */
    public Optional<String> bosToken() {
        return bosToken;
    }

    /** The end-of-sequence token string (e.g. {@code "<|im_end|>"}), for chat templates. */
    public Optional<String> eosToken() {
        return eosToken;
    }

    /** The chat template shipped with the tokenizer ({@code tokenizer_config.json} or GGUF), if any. */
    public Optional<String> chatTemplate() {
        return chatTemplate;
    }

    private static Optional<Path> existing(Path file) {
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
