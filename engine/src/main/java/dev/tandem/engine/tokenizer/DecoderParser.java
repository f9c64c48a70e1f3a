package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code decoder} of {@code tokenizer.json}. */
final class DecoderParser {

    private DecoderParser() {
    }

    /** The decoder, or null when the field is null. */
    static Decoder parse(JsonCursor json) {
        if (json.isNull()) {
            return null;
        }
        String type = json.type();
        return switch (type) {
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonCursor step : json.field("decoders").elements()) {
                    steps.add(parse(step));
                }
                yield new Decoder.Sequence(List.copyOf(steps));
            }
            case "ByteLevel" -> new Decoder.ByteLevel();
            case "Replace" -> new Decoder.Replace(PatternParser.textPattern(json.field("pattern")),
                    json.field("content").asString());
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Strip" -> new Decoder.Strip(singleChar(json.field("content")), json.optInt("start", 0),
                    json.optInt("stop", 0));
            case "Metaspace" -> new Decoder.Metaspace(singleChar(json.field("replacement")),
                    PreTokenizerParser.prependScheme(json) != PreTokenizer.Metaspace.PrependScheme.NEVER);
            default -> throw json.field("type").problem("\"" + type + "\" is not a supported decoder "
                    + "(supported: Sequence, ByteLevel, Replace, ByteFallback, Fuse, Strip, Metaspace)");
        };
    }

    private static char singleChar(JsonCursor field) {
        String value = field.asString();
        if (value.length() != 1) {
            throw field.problem("must be a single character, got \"" + value + "\"");
        }
        return value.charAt(0);
    }
}
