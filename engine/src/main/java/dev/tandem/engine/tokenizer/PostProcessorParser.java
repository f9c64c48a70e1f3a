package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code post_processor} of {@code tokenizer.json}; only the single-sequence template matters here. */
final class PostProcessorParser {

    private PostProcessorParser() {
    }

    /** The post-processor, or null when the field is null. */
    static PostProcessor parse(JsonCursor json, Vocabulary vocabulary) {
        if (json.isNull()) {
            return null;
        }
        String type = json.type();
        return switch (type) {
            case "Sequence" -> {
                List<PostProcessor> steps = new ArrayList<>();
                for (JsonCursor step : json.field("processors").elements()) {
                    steps.add(parse(step, vocabulary));
                }
                yield new PostProcessor.Sequence(List.copyOf(steps));
            }
            case "ByteLevel" -> new PostProcessor.Identity();
            case "TemplateProcessing" -> template(json, vocabulary);
            case "BertProcessing", "RobertaProcessing" -> new PostProcessor.Template(
                    new int[] {tokenPairId(json.field("cls"), vocabulary)},
                    new int[] {tokenPairId(json.field("sep"), vocabulary)});
            default -> throw json.field("type").problem("\"" + type + "\" is not a supported post-processor "
                    + "(supported: Sequence, ByteLevel, TemplateProcessing, BertProcessing, RobertaProcessing)");
        };
    }

    /** {@code single}: a list of {@code {"SpecialToken": {"id": name}}} and one {@code {"Sequence": {"id": "A"}}}. */
    private static PostProcessor template(JsonCursor json, Vocabulary vocabulary) {
        JsonCursor specialTokens = json.field("special_tokens");
        List<Integer> before = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        boolean sequenceSeen = false;
        for (JsonCursor piece : json.field("single").elements()) {
            if (!piece.field("Sequence").isNull()) {
                String id = piece.field("Sequence").field("id").asString();
                if (!id.equals("A") || sequenceSeen) {
                    throw piece.problem("is sequence $" + id + "; a single-sequence template has exactly one $A");
                }
                sequenceSeen = true;
            } else if (!piece.field("SpecialToken").isNull()) {
                String name = piece.field("SpecialToken").field("id").asString();
                JsonCursor special = specialTokens.field(name);
                if (special.isNull()) {
                    throw specialTokens.problem("has no entry for \"" + name + "\" used in " + piece.path());
                }
                for (JsonCursor id : special.field("ids").elements()) {
                    (sequenceSeen ? after : before).add(checked(id, vocabulary));
                }
            } else {
                throw piece.problem("is neither {\"SpecialToken\": ...} nor {\"Sequence\": ...}");
            }
        }
        if (!sequenceSeen) {
            throw json.field("single").problem("has no {\"Sequence\": {\"id\": \"A\"}} piece");
        }
        return new PostProcessor.Template(toArray(before), toArray(after));
    }

    /** The id of a {@code ["[CLS]", 101]} pair. */
    private static int tokenPairId(JsonCursor pair, Vocabulary vocabulary) {
        List<JsonCursor> elements = pair.elements();
        if (elements.size() != 2) {
            throw pair.problem("is not a [token, id] pair");
        }
        return checked(elements.get(1), vocabulary);
    }

    private static int checked(JsonCursor idField, Vocabulary vocabulary) {
        int id = idField.asInt();
        if (!vocabulary.contains(id)) {
            throw idField.problem("is token id " + id + ", which is not in the vocabulary (size "
                    + vocabulary.size() + ")");
        }
        return id;
    }

    private static int[] toArray(List<Integer> ids) {
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
