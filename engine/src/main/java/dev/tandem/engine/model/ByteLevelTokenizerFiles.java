package dev.tandem.engine.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small self-made byte-level BPE tokenizer in the Hugging Face format, shaped like Qwen's (NFC, Qwen2 split
 * regex + ByteLevel, pair-format merges): ids 0..255 are the bytes (GPT-2 byte-to-unicode symbols, id = byte
 * value), then a few dozen merges over common English letter pairs and words, then the special tokens
 * {@code <|endoftext|>}, {@code <|im_start|>}, {@code <|im_end|>}; a ChatML chat template; eos {@code <|im_end|>}.
 */
final class ByteLevelTokenizerFiles {

    static final String END_OF_TEXT = "<|endoftext|>";
    static final String IM_START = "<|im_start|>";
    static final String IM_END = "<|im_end|>";
    static final List<String> SPECIAL_TOKENS = List.of(END_OF_TEXT, IM_START, IM_END);

    static final String CHAT_TEMPLATE = "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + "
            + "message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|im_start|>assistant\\n' }}{% endif %}";

    /** Qwen2's pre-tokenizer split pattern. */
    static final String SPLIT_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
            + "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Merges in rank order, "left right" in byte-level symbols (Ġ is the space). */
    static final List<String> MERGES = List.of(
            "Ġ t", "Ġ a", "h e", "i n", "r e", "o n", "Ġt he", "e r", "Ġ s", "a t", "Ġ w", "Ġ o", "e n", "Ġ c",
            "i t", "i s", "a n", "o r", "e s", "Ġ b", "e d", "Ġ f", "in g", "Ġ p", "o u", "Ġa n", "a l", "a r",
            "Ġt o", "Ġ m", "Ġo f", "Ġ in", "Ġ d", "Ġ h", "Ġan d", "i c", "a s", "l e", "Ġt h", "i on", "o m",
            "l l", "en t", "Ġ n", "Ġ l", "s t", "Ġ re", "v e", "Ġ e", "r o", "l y", "Ġb e", "Ġ g", "Ġ T", "c t",
            "Ġ y", "Ġ u", "i d", "Ġ I", "Ġ S", "Ġ A", "Ġw as", "Ġ it", "Ġ is", "o w", "Ġh e", "Ġw h", "Ġth at",
            "Ġ O", "e l", "Ġs he", "a y", "Ġd ay", "Ġp l", "Ġpl ay", "Ġ L", "Ġo n", "Ġf or", "Ġy ou", "Ġ H",
            "Ġw e", "Ġs o", "o t", "Ġn ot");

    private ByteLevelTokenizerFiles() {
    }

    /** Writes tokenizer.json and tokenizer_config.json into {@code dir}; returns the number of ids. */
    static int write(Path dir, int maxPositions, ObjectMapper mapper) throws IOException {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        String[] byteSymbols = byteToUnicode();
        for (int b = 0; b < 256; b++) {
            vocab.put(byteSymbols[b], b);
        }
        ArrayNode merges = mapper.createArrayNode();
        for (String merge : MERGES) {
            String[] pair = merge.split(" ");
            if (!vocab.containsKey(pair[0]) || !vocab.containsKey(pair[1]) || vocab.containsKey(pair[0] + pair[1])) {
                throw new IllegalStateException("merge '%s' needs both parts and a new result".formatted(merge));
            }
            vocab.put(pair[0] + pair[1], vocab.size());
            merges.addArray().add(pair[0]).add(pair[1]);
        }
        int firstSpecial = vocab.size();
        ObjectNode tokenizer = mapper.createObjectNode();
        tokenizer.put("version", "1.0");
        tokenizer.putNull("truncation");
        tokenizer.putNull("padding");
        ArrayNode added = tokenizer.putArray("added_tokens");
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            added.addObject().put("id", firstSpecial + i).put("content", SPECIAL_TOKENS.get(i)).put("single_word", false)
                    .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        }
        tokenizer.putObject("normalizer").put("type", "NFC");
        ObjectNode preTokenizer = tokenizer.putObject("pre_tokenizer").put("type", "Sequence");
        ArrayNode steps = preTokenizer.putArray("pretokenizers");
        ObjectNode split = steps.addObject().put("type", "Split");
        split.putObject("pattern").put("Regex", SPLIT_REGEX);
        split.put("behavior", "Isolated").put("invert", false);
        steps.add(byteLevel(mapper));
        tokenizer.set("post_processor", byteLevel(mapper));
        tokenizer.set("decoder", byteLevel(mapper));
        ObjectNode model = tokenizer.putObject("model");
        model.put("type", "BPE").putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "").put("end_of_word_suffix", "").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", false);
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach(vocabNode::put);
        model.set("merges", merges);
        Files.writeString(dir.resolve("tokenizer.json"), mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tokenizer) + "\n");
        Files.writeString(dir.resolve("tokenizer_config.json"),
                mapper.writerWithDefaultPrettyPrinter().writeValueAsString(tokenizerConfig(mapper, firstSpecial, maxPositions)) + "\n");
        return firstSpecial + SPECIAL_TOKENS.size();
    }

    /** Id of a special token in the self-made vocabulary. */
    static int specialId(String token) {
        return 256 + MERGES.size() + SPECIAL_TOKENS.indexOf(token);
    }

    private static ObjectNode tokenizerConfig(ObjectMapper mapper, int firstSpecial, int maxPositions) {
        ObjectNode config = mapper.createObjectNode();
        config.put("add_bos_token", false).put("add_prefix_space", false);
        ObjectNode decoder = config.putObject("added_tokens_decoder");
        for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
            decoder.putObject(Integer.toString(firstSpecial + i)).put("content", SPECIAL_TOKENS.get(i)).put("lstrip", false)
                    .put("normalized", false).put("rstrip", false).put("single_word", false).put("special", true);
        }
        config.putNull("bos_token");
        config.put("chat_template", CHAT_TEMPLATE).put("clean_up_tokenization_spaces", false).put("eos_token", IM_END)
                .put("errors", "replace").put("model_max_length", maxPositions).put("pad_token", END_OF_TEXT)
                .put("split_special_tokens", false).put("tokenizer_class", "PreTrainedTokenizerFast");
        config.putNull("unk_token");
        return config;
    }

    private static ObjectNode byteLevel(ObjectMapper mapper) {
        return mapper.createObjectNode().put("type", "ByteLevel").put("add_prefix_space", false)
                .put("trim_offsets", false).put("use_regex", false);
    }

    /** GPT-2's byte-to-unicode table: printable Latin-1 bytes map to themselves, the rest to U+0100 onwards. */
    static String[] byteToUnicode() {
        String[] symbols = new String[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            symbols[b] = Character.toString(printable ? b : next++);
        }
        return symbols;
    }
}
