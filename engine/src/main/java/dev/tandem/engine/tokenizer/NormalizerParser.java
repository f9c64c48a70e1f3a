package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code normalizer} of {@code tokenizer.json}. */
final class NormalizerParser {

    private NormalizerParser() {
    }

    /** The normalizer, or null when the field is null. */
    static Normalizer parse(JsonCursor json) {
        if (json.isNull()) {
            return null;
        }
        String type = json.type();
        return switch (type) {
            case "Sequence" -> {
                List<Normalizer> steps = new ArrayList<>();
                for (JsonCursor step : json.field("normalizers").elements()) {
                    steps.add(parse(step));
                }
                yield new Normalizer.Sequence(List.copyOf(steps));
            }
            case "NFC" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFC);
            case "NFD" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKD);
            case "Prepend" -> new Normalizer.Prepend(json.field("prepend").asString());
            case "Replace" -> new Normalizer.Replace(PatternParser.textPattern(json.field("pattern")),
                    json.field("content").asString());
            case "Lowercase" -> new Normalizer.Lowercase();
            case "Strip" -> new Normalizer.Strip(json.optBoolean("strip_left", true),
                    json.optBoolean("strip_right", true));
            default -> throw json.field("type").problem("\"" + type + "\" is not a supported normalizer "
                    + "(supported: Sequence, NFC, NFD, NFKC, NFKD, Prepend, Replace, Lowercase, Strip)");
        };
    }
}
