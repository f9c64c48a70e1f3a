package dev.tandem.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/** Reads the {@code model} object of {@code tokenizer.json}: the BPE vocabulary, merges and options. */
final class BpeModelParser {

    /** Distinct words kept in each model's encode cache. */
    static final int CACHE_CAPACITY = 1 << 16;

    private BpeModelParser() {
    }

    /** Fails unless the model is BPE (the type may be omitted, as Hugging Face allows). */
    static void requireBpe(JsonCursor model) {
        if (!model.isObject()) {
            throw model.problem(model.isNull() ? "is missing" : "is not an object");
        }
        String type = model.optString("type", "BPE");
        if (!type.equals("BPE")) {
            throw model.field("type").problem("is \"" + type + "\": only BPE models are supported "
                    + "(not WordPiece, WordLevel or Unigram)");
        }
    }

    static Map<String, Integer> vocab(JsonCursor model) {
        JsonCursor vocab = model.field("vocab");
        if (!vocab.isObject()) {
            throw vocab.problem(vocab.isNull() ? "is missing" : "is not an object of token -> id");
        }
        Map<String, Integer> result = new HashMap<>(vocab.node().size() * 2);
        for (Map.Entry<String, JsonNode> entry : vocab.node().properties()) {
            JsonNode id = entry.getValue();
            if (!id.canConvertToInt() || !id.isIntegralNumber() || id.intValue() < 0) {
                throw vocab.field(entry.getKey()).problem("is not a non-negative token id: " + id);
            }
            result.put(entry.getKey(), id.intValue());
        }
        return result;
    }

    static BpeModel model(JsonCursor model, Map<String, Integer> vocab, boolean byteLevel) {
        for (String unsupported : new String[] {"continuing_subword_prefix", "end_of_word_suffix"}) {
            String value = model.optString(unsupported, "");
            if (!value.isEmpty()) {
                throw model.field(unsupported).problem("is \"" + value + "\": only an empty or null value is "
                        + "supported");
            }
        }
        JsonCursor dropout = model.field("dropout");
        if (!dropout.isNull() && dropout.node().asDouble() != 0.0) {
            throw dropout.problem("is " + dropout.node() + ": BPE dropout is a training option, not supported");
        }
        int unkId = -1;
        if (!model.field("unk_token").isNull()) {
            String unk = model.field("unk_token").asString();
            Integer id = vocab.get(unk);
            if (id == null) {
                throw model.field("unk_token").problem("\"" + unk + "\" is not in model.vocab");
            }
            unkId = id;
        }
        BpeModel.Options options = new BpeModel.Options(byteLevel, model.optBoolean("byte_fallback", false),
                model.optBoolean("fuse_unk", false), model.optBoolean("ignore_merges", false), unkId);
        return new BpeModel(vocab, merges(model.field("merges"), vocab), options, CACHE_CAPACITY);
    }

    /** Merges as {@code "left right"} strings (legacy) or {@code ["left", "right"]} pairs; rank = position. */
    static MergeTable merges(JsonCursor merges, Map<String, Integer> vocab) {
        if (merges.isNull()) {
            return new MergeTable(0);
        }
        if (!merges.isArray()) {
            throw merges.problem("is not an array");
        }
        JsonNode list = merges.node();
        MergeTable table = new MergeTable(list.size());
        int rank = 0;
        for (int i = 0; i < list.size(); i++) {
            JsonNode merge = list.get(i);
            String left;
            String right;
            if (merge.isTextual()) {
                String line = merge.textValue();
                if (line.startsWith("#version")) {
                    continue;
                }
                int space = line.indexOf(' ');
                if (space < 0 || line.indexOf(' ', space + 1) >= 0) {
                    throw element(merges, i).problem("is \"" + line + "\", not two tokens separated by one space");
                }
                left = line.substring(0, space);
                right = line.substring(space + 1);
            } else if (merge.isArray() && merge.size() == 2 && merge.get(0).isTextual() && merge.get(1).isTextual()) {
                left = merge.get(0).textValue();
                right = merge.get(1).textValue();
            } else {
                throw element(merges, i).problem("is not a string or pair");
            }
            table.put(id(vocab, left, merges, i), id(vocab, right, merges, i), rank++,
                    id(vocab, left + right, merges, i));
        }
        return table;
    }

    private static int id(Map<String, Integer> vocab, String token, JsonCursor merges, int index) {
        Integer id = vocab.get(token);
        if (id == null) {
            throw element(merges, index).problem("uses token \"" + token + "\", which is not in model.vocab");
        }
        return id;
    }

    private static JsonCursor element(JsonCursor array, int index) {
        return new JsonCursor(array.file(), array.path() + "[" + index + "]", array.node().get(index));
    }
}
