package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Small hand-made {@code tokenizer.json} files, built as JSON trees and written to a folder. */
final class TokenizerJsonFixture {

    static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerJsonFixture() {
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    static ObjectNode typed(String type) {
        return object().put("type", type);
    }

    static ObjectNode addedToken(int id, String content, boolean special) {
        return object().put("id", id).put("content", content).put("single_word", false).put("lstrip", false)
                .put("rstrip", false).put("normalized", !special).put("special", special);
    }

    /**
     * A byte-level tokenizer: the 256 byte characters as ids 0..255, then {@code he, ll, hell, hello, Ġw, or, Ġwor,
     * ld, Ġworld} as 256..264; merges in pair form or legacy string form; Qwen2 split + ByteLevel.
     */
    static ObjectNode byteLevel(boolean pairMerges) {
        ObjectNode vocab = object();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteLevelAlphabet.charOf(b)), b);
        }
        String[] extra = {"he", "ll", "hell", "hello", "\u0120w", "or", "\u0120wor", "ld", "\u0120world"};
        for (int i = 0; i < extra.length; i++) {
            vocab.put(extra[i], 256 + i);
        }
        String[][] merges = {{"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {"\u0120", "w"}, {"o", "r"},
                {"\u0120w", "or"}, {"l", "d"}, {"\u0120wor", "ld"}};
        ArrayNode mergeArray = array();
        for (String[] merge : merges) {
            if (pairMerges) {
                mergeArray.add(array().add(merge[0]).add(merge[1]));
            } else {
                mergeArray.add(merge[0] + " " + merge[1]);
            }
        }
        ObjectNode model = typed("BPE").putNull("dropout").putNull("unk_token").put("fuse_unk", false)
                .put("byte_fallback", false).put("ignore_merges", false);
        model.set("vocab", vocab);
        model.set("merges", mergeArray);

        ObjectNode split = typed("Split").put("behavior", "Isolated").put("invert", false);
        split.set("pattern", object().put("Regex", SplitRegexes.QWEN2));
        ObjectNode byteLevelStep = typed("ByteLevel").put("add_prefix_space", false).put("use_regex", false);
        ObjectNode preTokenizer = typed("Sequence");
        preTokenizer.set("pretokenizers", array().add(split).add(byteLevelStep));

        ObjectNode root = object().put("version", "1.0");
        root.set("added_tokens", array());
        root.set("normalizer", typed("Lowercase"));
        root.set("pre_tokenizer", preTokenizer);
        root.set("post_processor", null);
        root.set("decoder", typed("ByteLevel"));
        root.set("model", model);
        return root;
    }

    /**
     * A SentencePiece-style tokenizer: {@code <unk> <s> </s>}, the 256 {@code <0xXX>} tokens (3..258), then
     * {@code ▁ a b ▁a ab ▁ab c} (259..265), legacy merges {@code "▁ a", "a b", "▁a b"}, byte fallback, the Llama
     * normalizer and decoder, and the {@code <s> $A} template.
     */
    static ObjectNode sentencePiece(boolean byteFallback, boolean fuseUnk) {
        ObjectNode vocab = object().put("<unk>", 0).put("<s>", 1).put("</s>", 2);
        for (int b = 0; b < 256; b++) {
            vocab.put(String.format("<0x%02X>", b), 3 + b);
        }
        String[] pieces = {"\u2581", "a", "b", "\u2581a", "ab", "\u2581ab", "c"};
        for (int i = 0; i < pieces.length; i++) {
            vocab.put(pieces[i], 259 + i);
        }
        ObjectNode model = typed("BPE").putNull("dropout").put("unk_token", "<unk>").put("fuse_unk", fuseUnk)
                .put("byte_fallback", byteFallback);
        model.set("vocab", vocab);
        model.set("merges", array().add("\u2581 a").add("a b").add("\u2581a b"));

        ObjectNode replaceSpace = typed("Replace").put("content", "\u2581");
        replaceSpace.set("pattern", object().put("String", " "));
        ObjectNode normalizer = typed("Sequence");
        normalizer.set("normalizers", array().add(typed("Prepend").put("prepend", "\u2581")).add(replaceSpace));

        ObjectNode replaceMeta = typed("Replace").put("content", " ");
        replaceMeta.set("pattern", object().put("String", "\u2581"));
        ObjectNode decoder = typed("Sequence");
        decoder.set("decoders", array().add(replaceMeta).add(typed("ByteFallback")).add(typed("Fuse"))
                .add(typed("Strip").put("content", " ").put("start", 1).put("stop", 0)));

        ObjectNode root = object().put("version", "1.0");
        root.set("added_tokens", array().add(addedToken(0, "<unk>", true)).add(addedToken(1, "<s>", true))
                .add(addedToken(2, "</s>", true)));
        root.set("normalizer", normalizer);
        root.set("pre_tokenizer", null);
        root.set("post_processor", template("<s>", 1, true));
        root.set("decoder", decoder);
        root.set("model", model);
        return root;
    }

    /** A {@code TemplateProcessing} with one special token before ({@code before}) or after $A. */
    static ObjectNode template(String token, int id, boolean before) {
        ObjectNode special = object();
        special.set("SpecialToken", object().put("id", token).put("type_id", 0));
        ObjectNode sequence = object();
        sequence.set("Sequence", object().put("id", "A").put("type_id", 0));
        ObjectNode entry = object().put("id", token);
        entry.set("ids", array().add(id));
        entry.set("tokens", array().add(token));
        ObjectNode processor = typed("TemplateProcessing");
        processor.set("single", before ? array().add(special).add(sequence) : array().add(sequence).add(special));
        processor.set("pair", array());
        processor.set("special_tokens", object().set(token, entry));
        return processor;
    }

    static Path write(Path dir, String name, Object json) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, json instanceof String s ? s : JSON.writeValueAsString(json));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Tokenizer load(Path dir, ObjectNode tokenizerJson) {
        return Tokenizer.fromJson(write(dir, "tokenizer.json", tokenizerJson), Optional.empty());
    }
}
