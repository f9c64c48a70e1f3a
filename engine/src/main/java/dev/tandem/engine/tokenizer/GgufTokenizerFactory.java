package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Builds a tokenizer from GGUF metadata. {@code tokenizer.ggml.model = "llama"} is SentencePiece merged by token
 * score (llama.cpp's algorithm), with {@code ▁} for spaces and byte tokens; {@code "gpt2"} is byte-level BPE with
 * {@code tokenizer.ggml.merges} and the pre-tokenizer regex chosen by {@code tokenizer.ggml.pre}. Control, unknown
 * and user-defined tokens are matched in raw text like Hugging Face added tokens (llama.cpp with
 * {@code parse_special}); control and unknown ones are special.
 *
 * <p>Where llama.cpp and Hugging Face differ, this follows Hugging Face, whose tokenizer the model was trained with:
 * {@code pre = "qwen2"} applies the NFC normalizer of Qwen's {@code tokenizer.json} (llama.cpp skips it), and no
 * token is promoted to a control token by its text. Defaults for absent keys: {@code add_bos_token} true for
 * {@code llama} and false for {@code gpt2}, {@code add_eos_token} false, {@code add_space_prefix} true,
 * {@code pre} "default". End-of-generation ids are the EOS, EOT and EOM ids present.
 */
final class GgufTokenizerFactory {

    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_USER_DEFINED = 4;

    private static final char SPIECE_SPACE = '\u2581';

    /** A {@code tokenizer.ggml.pre} value: its split regex and the Hugging Face options that go with it. */
    private record PreTokenization(String regex, boolean nfc, boolean ignoreMerges) {
    }

    private static final Map<String, PreTokenization> PRE_TOKENIZATIONS = Map.of(
            "default", new PreTokenization(SplitRegexes.GPT2, false, false),
            "gpt2", new PreTokenization(SplitRegexes.GPT2, false, false),
            "llama-bpe", new PreTokenization(SplitRegexes.LLAMA3, false, true),
            "llama3", new PreTokenization(SplitRegexes.LLAMA3, false, true),
            "qwen2", new PreTokenization(SplitRegexes.QWEN2, true, false));

    private GgufTokenizerFactory() {
    }

    static Tokenizer create(Map<String, Object> metadata) {
        GgufFields fields = new GgufFields(metadata);
        String modelType = fields.string("tokenizer.ggml.model");
        String[] tokens = fields.strings("tokenizer.ggml.tokens");
        int[] types = fields.ints("tokenizer.ggml.token_type");
        if (types != null && types.length != tokens.length) {
            throw fields.problem("tokenizer.ggml.token_type", "has " + types.length + " entries for "
                    + tokens.length + " tokens");
        }
        Map<String, Integer> vocab = new HashMap<>(tokens.length * 2);
        for (int id = 0; id < tokens.length; id++) {
            vocab.put(tokens[id], id);
        }
        List<AddedToken> addedTokens = addedTokens(tokens, types);
        Vocabulary vocabulary = new Vocabulary(tokens, vocab, addedTokens);
        return switch (modelType) {
            case "llama" -> sentencePiece(fields, tokens, vocab, types, vocabulary, addedTokens);
            case "gpt2" -> byteLevelBpe(fields, vocab, vocabulary, addedTokens);
            default -> throw fields.problem("tokenizer.ggml.model", "is \"" + modelType
                    + "\": supported are \"llama\" (SentencePiece) and \"gpt2\" (byte-level BPE)");
        };
    }

    private static Tokenizer sentencePiece(GgufFields fields, String[] tokens, Map<String, Integer> vocab,
                                           int[] types, Vocabulary vocabulary, List<AddedToken> addedTokens) {
        float[] scores = fields.floats("tokenizer.ggml.scores");
        if (scores == null || scores.length != tokens.length) {
            throw fields.problem("tokenizer.ggml.scores", scores == null ? "is missing (needed by the llama model)"
                    : "has " + scores.length + " entries for " + tokens.length + " tokens");
        }
        int[] byteIds = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            if (id == null && b < 0x80) {
                id = vocab.get(String.valueOf((char) b));
            }
            byteIds[b] = id == null ? -1 : id;
        }
        int unkId = fields.optionalInt("tokenizer.ggml.unknown_token_id").orElse(firstOfType(types, TYPE_UNKNOWN));
        boolean spacePrefix = fields.bool("tokenizer.ggml.add_space_prefix", true);
        Normalizer spaces = new Normalizer.Replace(TextPattern.ofLiteral(" "), String.valueOf(SPIECE_SPACE));
        Normalizer normalizer = spacePrefix
                ? new Normalizer.Sequence(List.of(new Normalizer.Prepend(String.valueOf(SPIECE_SPACE)), spaces))
                : spaces;
        List<Decoder> decoders = new ArrayList<>(List.of(
                new Decoder.Replace(TextPattern.ofLiteral(String.valueOf(SPIECE_SPACE)), " "),
                new Decoder.ByteFallback(), new Decoder.Fuse()));
        if (spacePrefix) {
            decoders.add(new Decoder.Strip(' ', 1, 0));
        }
        TokenModel model = new ScoredSentencePieceModel(vocab, scores, byteIds, unkId);
        return assemble(fields, vocabulary, addedTokens, normalizer, null, model, new Decoder.Sequence(decoders),
                true);
    }

    private static Tokenizer byteLevelBpe(GgufFields fields, Map<String, Integer> vocab, Vocabulary vocabulary,
                                          List<AddedToken> addedTokens) {
        String pre = fields.optionalString("tokenizer.ggml.pre").orElse("default");
        PreTokenization preTokenization = PRE_TOKENIZATIONS.get(pre);
        if (preTokenization == null) {
            throw fields.problem("tokenizer.ggml.pre", "is \"" + pre + "\", which is not supported (supported: "
                    + String.join(", ", new java.util.TreeSet<>(PRE_TOKENIZATIONS.keySet())) + ")");
        }
        MergeTable merges = merges(fields, vocab);
        BpeModel model = new BpeModel(vocab, merges,
                new BpeModel.Options(true, false, false, preTokenization.ignoreMerges(), -1),
                BpeModelParser.CACHE_CAPACITY);
        // the regex split; the byte-level mapping that follows it is done by the model
        PreTokenizer preTokenizer = new PreTokenizer.Split(
                SplitRegexes.finder(preTokenization.regex(), "tokenizer.ggml.pre"), SplitBehavior.ISOLATED, false);
        Normalizer normalizer = preTokenization.nfc() ? new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFC)
                : null;
        return assemble(fields, vocabulary, addedTokens, normalizer, preTokenizer, model, new Decoder.ByteLevel(),
                false);
    }

    /** Merges as {@code "left right"} strings, split at the first space after the first character (llama.cpp). */
    private static MergeTable merges(GgufFields fields, Map<String, Integer> vocab) {
        String[] lines = fields.strings("tokenizer.ggml.merges");
        MergeTable table = new MergeTable(lines.length);
        for (int rank = 0; rank < lines.length; rank++) {
            String line = lines[rank];
            int space = line.indexOf(' ', 1);
            if (space < 0) {
                throw fields.problem("tokenizer.ggml.merges[" + rank + "]", "is \"" + line + "\", not \"left right\"");
            }
            String left = line.substring(0, space);
            String right = line.substring(space + 1);
            table.put(mergeId(fields, vocab, left, rank), mergeId(fields, vocab, right, rank), rank,
                    mergeId(fields, vocab, left + right, rank));
        }
        return table;
    }

    private static int mergeId(GgufFields fields, Map<String, Integer> vocab, String token, int rank) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw fields.problem("tokenizer.ggml.merges[" + rank + "]", "uses \"" + token
                    + "\", which is not in tokenizer.ggml.tokens");
        }
        return id;
    }

    private static Tokenizer assemble(GgufFields fields, Vocabulary vocabulary, List<AddedToken> addedTokens,
                                      Normalizer normalizer, PreTokenizer preTokenizer, TokenModel model,
                                      Decoder decoder, boolean addBosByDefault) {
        OptionalInt bos = checkedId(fields, "tokenizer.ggml.bos_token_id", vocabulary);
        OptionalInt eos = checkedId(fields, "tokenizer.ggml.eos_token_id", vocabulary);
        boolean addBos = fields.bool("tokenizer.ggml.add_bos_token", addBosByDefault) && bos.isPresent();
        boolean addEos = fields.bool("tokenizer.ggml.add_eos_token", false) && eos.isPresent();
        PostProcessor postProcessor = new PostProcessor.Template(
                addBos ? new int[] {bos.getAsInt()} : new int[0], addEos ? new int[] {eos.getAsInt()} : new int[0]);
        TokenizerPipeline.Stages stages = new TokenizerPipeline.Stages(
                new AddedTokenMatcher(addedTokens, addedTokens.stream().map(AddedToken::content).toList()),
                new AddedTokenMatcher(List.of(), List.of()), normalizer, preTokenizer, model, postProcessor, decoder);
        Set<Integer> eosIds = new HashSet<>();
        for (String key : List.of("tokenizer.ggml.eos_token_id", "tokenizer.ggml.eot_token_id",
                "tokenizer.ggml.eom_token_id")) {
            checkedId(fields, key, vocabulary).ifPresent(eosIds::add);
        }
        return new Tokenizer(new TokenizerPipeline(vocabulary, stages),
                token(bos, vocabulary), token(eos, vocabulary), eosIds,
                fields.optionalString("tokenizer.chat_template"));
    }

    /** Control, unknown and user-defined tokens, matched in raw text; all but user-defined ones are special. */
    private static List<AddedToken> addedTokens(String[] tokens, int[] types) {
        List<AddedToken> added = new ArrayList<>();
        if (types == null) {
            return added;
        }
        for (int id = 0; id < tokens.length; id++) {
            int type = types[id];
            if ((type == TYPE_CONTROL || type == TYPE_UNKNOWN || type == TYPE_USER_DEFINED) && !tokens[id].isEmpty()) {
                added.add(new AddedToken(id, tokens[id], type != TYPE_USER_DEFINED, false, false, false, false));
            }
        }
        return added;
    }

    private static OptionalInt checkedId(GgufFields fields, String key, Vocabulary vocabulary) {
        OptionalInt id = fields.optionalInt(key);
        if (id.isPresent() && !vocabulary.contains(id.getAsInt())) {
            throw fields.problem(key, "is " + id.getAsInt() + ", outside the " + vocabulary.size() + " tokens");
        }
        return id;
    }

    private static int firstOfType(int[] types, int type) {
        for (int id = 0; types != null && id < types.length; id++) {
            if (types[id] == type) {
                return id;
            }
        }
        return -1;
    }

    private static Optional<String> token(OptionalInt id, Vocabulary vocabulary) {
        return id.isPresent() ? Optional.of(vocabulary.token(id.getAsInt())) : Optional.empty();
    }
}
