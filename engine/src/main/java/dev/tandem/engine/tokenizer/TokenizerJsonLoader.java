package dev.tandem.engine.tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds a {@link Tokenizer} from Hugging Face's {@code tokenizer.json} and the optional config files. */
final class TokenizerJsonLoader {

    private TokenizerJsonLoader() {
    }

    static Tokenizer load(Path tokenizerJson, Optional<Path> tokenizerConfig, Optional<Path> generationConfig) {
        JsonCursor root = TokenizerConfig.readJson(tokenizerJson);
        TokenizerConfig config = TokenizerConfig.read(tokenizerConfig, generationConfig);

        JsonCursor modelJson = root.field("model");
        BpeModelParser.requireBpe(modelJson);
        Normalizer normalizer = NormalizerParser.parse(root.field("normalizer"));
        PreTokenizer preTokenizer = PreTokenizerParser.parse(root.field("pre_tokenizer"));
        Map<String, Integer> modelVocab = BpeModelParser.vocab(modelJson);
        BpeModel model = BpeModelParser.model(modelJson, modelVocab, PreTokenizerParser.isByteLevel(preTokenizer));

        List<AddedToken> addedTokens = addedTokens(root.field("added_tokens"), modelVocab);
        Vocabulary vocabulary = new Vocabulary(modelVocab, addedTokens);
        PostProcessor postProcessor = PostProcessorParser.parse(root.field("post_processor"), vocabulary);
        if (postProcessor == null) {
            postProcessor = configuredTemplate(config, vocabulary);
        }
        Decoder decoder = DecoderParser.parse(root.field("decoder"));

        TokenizerPipeline.Stages stages = new TokenizerPipeline.Stages(
                matcher(addedTokens, false, normalizer), matcher(addedTokens, true, normalizer),
                normalizer, PreTokenizerParser.withoutNoOpSteps(preTokenizer), model, postProcessor, decoder);
        TokenizerPipeline pipeline = new TokenizerPipeline(vocabulary, stages);

        Set<Integer> eosIds = new HashSet<>(config.extraEosIds());
        config.eosToken().flatMap(name -> optional(vocabulary.id(name))).ifPresent(eosIds::add);
        return new Tokenizer(pipeline, config.bosToken(), config.eosToken(), eosIds, config.chatTemplate());
    }

    /** {@code added_tokens}: each with id, content and the flags (defaults as in Hugging Face). */
    static List<AddedToken> addedTokens(JsonCursor json, Map<String, Integer> modelVocab) {
        List<AddedToken> tokens = new ArrayList<>();
        if (json.isNull()) {
            return tokens;
        }
        for (JsonCursor token : json.elements()) {
            int id = token.field("id").asInt();
            if (id < 0) {
                throw token.field("id").problem("is negative: " + id);
            }
            String content = token.field("content").asString();
            if (content.isEmpty()) {
                throw token.field("content").problem("is empty");
            }
            boolean special = token.optBoolean("special", false);
            tokens.add(new AddedToken(id, content, special, token.optBoolean("lstrip", false),
                    token.optBoolean("rstrip", false), token.optBoolean("single_word", false),
                    token.optBoolean("normalized", !special)));
        }
        return tokens;
    }

    /** The matcher for the tokens matched in raw text ({@code normalized} false) or in normalized text. */
    static AddedTokenMatcher matcher(List<AddedToken> tokens, boolean normalized, Normalizer normalizer) {
        List<AddedToken> selected = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (AddedToken token : tokens) {
            if (token.normalized() == normalized) {
                selected.add(token);
                patterns.add(normalized && normalizer != null ? normalizer.normalize(token.content())
                        : token.content());
            }
        }
        return new AddedTokenMatcher(selected, patterns);
    }

    /**
     * Without a {@code post_processor}, {@code add_bos_token}/{@code add_eos_token} of the config decide (as
     * transformers' slow tokenizers do); otherwise the post-processor of {@code tokenizer.json} is authoritative.
     */
    private static PostProcessor configuredTemplate(TokenizerConfig config, Vocabulary vocabulary) {
        int[] before = config.addBosToken().orElse(false) ? idOf(config.bosToken(), "bos_token", vocabulary)
                : new int[0];
        int[] after = config.addEosToken().orElse(false) ? idOf(config.eosToken(), "eos_token", vocabulary)
                : new int[0];
        return new PostProcessor.Template(before, after);
    }

    private static int[] idOf(Optional<String> token, String field, Vocabulary vocabulary) {
        String name = token.orElseThrow(() -> new TokenizerException(
                "tokenizer_config.json: add_" + field + " is true but " + field + " is not set"));
        return new int[] {vocabulary.id(name).orElseThrow(() -> new TokenizerException(
                "tokenizer_config.json: " + field + " \"" + name + "\" is not in the vocabulary"))};
    }

    private static Optional<Integer> optional(java.util.OptionalInt value) {
        return value.isPresent() ? Optional.of(value.getAsInt()) : Optional.empty();
    }
}
