package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.Architecture;
import dev.tandem.engine.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The {@code tokenizer.ggml.*} metadata (and {@code tokenizer.chat_template}) of a Hugging Face tokenizer, as
 * llama.cpp's {@code convert_hf_to_gguf.py} writes it. One token per embedding row: ids the tokenizer does
 * not use become {@code [PADn]} (UNUSED).
 * <ul>
 *   <li>Byte-level BPE: model {@code gpt2}, pre-tokenizer {@code qwen2} (Qwen models or Qwen2's split regex),
 *       {@code llama-bpe} (Llama 3's regex) or {@code default}; NORMAL tokens, added tokens CONTROL when special
 *       or looking special ({@code <|...|>}) and USER_DEFINED otherwise; the merges.</li>
 *   <li>SentencePiece-style BPE: model {@code llama}, pre {@code default}; scores from the vocabulary order
 *       (score = -id: tokenizer.json keeps no scores); types UNKNOWN for the unknown token, BYTE for
 *       {@code <0xXX>}, CONTROL/USER_DEFINED for added tokens, NORMAL otherwise; {@code add_space_prefix}.</li>
 * </ul>
 */
final class GgufTokenizerKeys {

    static final int NORMAL = 1;
    static final int UNKNOWN = 2;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;
    static final int UNUSED = 5;
    static final int BYTE = 6;

    /** Qwen2's pre-tokenizer split regex (also the one of Tandem's self-made tokenizer). */
    static final String QWEN2_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    /** Llama 3's: Qwen2's with numbers in runs of up to three digits. */
    static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private static final Pattern BYTE_TOKEN = Pattern.compile("<0x[0-9A-Fa-f]{2}>");

    private GgufTokenizerKeys() {
    }

    static void put(GgufMetadata metadata, HfTokenizerFiles tokenizer, ModelConfig config) {
        boolean byteLevel = tokenizer.isByteLevel();
        if (!byteLevel && !tokenizer.isSentencePiece()) {
            throw new CheckpointException("%s: neither a byte-level BPE (ByteLevel pre-tokenizer or decoder) nor a SentencePiece-style BPE (byte fallback, ▁): cannot export it to GGUF"
                    .formatted(tokenizer.file()));
        }
        int rows = config.vocabSize();
        int lastId = tokenizer.tokens().lastKey();
        if (lastId >= rows) {
            throw new CheckpointException("%s: token id %d does not fit the %d embedding rows (vocab_size)".formatted(tokenizer.file(), lastId, rows));
        }
        List<String> tokens = new ArrayList<>(rows);
        int[] types = new int[rows];
        OptionalInt unknown = tokenizer.unknownToken().map(tokenizer::idOf).orElse(OptionalInt.empty());
        for (int id = 0; id < rows; id++) {
            String text = tokenizer.tokens().get(id);
            if (text == null) {
                tokens.add("[PAD" + id + "]");
                types[id] = UNUSED;
                continue;
            }
            HfTokenizerFiles.AddedToken added = tokenizer.addedTokens().get(id);
            if (!byteLevel && unknown.isPresent() && unknown.getAsInt() == id) {
                types[id] = UNKNOWN;
            } else if (!byteLevel && added == null && BYTE_TOKEN.matcher(text).matches()) {
                types[id] = BYTE;
            } else if (added != null) {
                types[id] = added.special() || looksSpecial(text) ? CONTROL : USER_DEFINED;
                if (types[id] == USER_DEFINED) {
                    text = text.replace('\u2581', ' '); // llama.cpp expects user-defined tokens pre-normalized
                }
            } else {
                types[id] = NORMAL;
            }
            tokens.add(text);
        }
        if (byteLevel) {
            metadata.string("tokenizer.ggml.model", "gpt2").string("tokenizer.ggml.pre", preTokenizer(tokenizer, config));
        } else {
            metadata.string("tokenizer.ggml.model", "llama").string("tokenizer.ggml.pre", "default");
        }
        metadata.strings("tokenizer.ggml.tokens", tokens);
        if (!byteLevel) {
            float[] scores = new float[rows];
            for (int id = 0; id < rows; id++) {
                scores[id] = -id;
            }
            metadata.f32s("tokenizer.ggml.scores", scores);
        }
        metadata.i32s("tokenizer.ggml.token_type", types);
        if (byteLevel) {
            metadata.strings("tokenizer.ggml.merges", tokenizer.merges());
        }
        specialIds(metadata, tokenizer, config, unknown, byteLevel);
        Map<String, String> templates = tokenizer.chatTemplates();
        templates.forEach((name, template) ->
                metadata.string(name.equals("default") ? "tokenizer.chat_template" : "tokenizer.chat_template." + name, template));
    }

    private static void specialIds(GgufMetadata metadata, HfTokenizerFiles tokenizer, ModelConfig config,
                                   OptionalInt unknown, boolean byteLevel) {
        OptionalInt bos = configTokenId(tokenizer, "bos_token");
        if (bos.isEmpty() && config.bosTokenId() >= 0) {
            bos = OptionalInt.of(config.bosTokenId());
        }
        OptionalInt eos = configTokenId(tokenizer, "eos_token");
        if (eos.isEmpty() && !config.eosTokenIds().isEmpty()) {
            eos = OptionalInt.of(config.eosTokenIds().getFirst());
        }
        bos.ifPresent(id -> metadata.u32("tokenizer.ggml.bos_token_id", id));
        eos.ifPresent(id -> metadata.u32("tokenizer.ggml.eos_token_id", id));
        unknown.ifPresent(id -> metadata.u32("tokenizer.ggml.unknown_token_id", id));
        configTokenId(tokenizer, "pad_token").ifPresent(id -> metadata.u32("tokenizer.ggml.padding_token_id", id));
        // llama.cpp's defaults when the config says nothing: SentencePiece adds bos, byte-level BPE does not.
        metadata.bool("tokenizer.ggml.add_bos_token", tokenizer.configFlag("add_bos_token").orElse(!byteLevel));
        tokenizer.configFlag("add_eos_token").ifPresent(add -> metadata.bool("tokenizer.ggml.add_eos_token", add));
        if (!byteLevel) {
            metadata.bool("tokenizer.ggml.add_space_prefix", tokenizer.addsSpacePrefix());
        }
    }

    private static String preTokenizer(HfTokenizerFiles tokenizer, ModelConfig config) {
        String regex = tokenizer.splitRegex().orElse("");
        if (config.architecture() == Architecture.QWEN2 || config.architecture() == Architecture.QWEN3 || regex.equals(QWEN2_REGEX)) {
            return "qwen2";
        }
        return regex.equals(LLAMA3_REGEX) ? "llama-bpe" : "default";
    }

    private static OptionalInt configTokenId(HfTokenizerFiles tokenizer, String field) {
        return tokenizer.configToken(field).map(tokenizer::idOf).orElse(OptionalInt.empty());
    }

    /** convert_hf_to_gguf.py's {@code does_token_look_special}: added tokens that act as control tokens. */
    static boolean looksSpecial(String text) {
        return text.equals("<pad>") || text.equals("<mask>") || text.equals("<2mass>") || text.equals("[@BOS@]")
                || (text.startsWith("<|") && text.endsWith("|>"))
                || (text.startsWith("<\uFF5C") && text.endsWith("\uFF5C>"))
                || (text.startsWith("<unused") && text.endsWith(">"));
    }
}
