package dev.tandem.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** Reads the {@code pre_tokenizer} of {@code tokenizer.json}. */
final class PreTokenizerParser {

    private PreTokenizerParser() {
    }

    /** The pre-tokenizer, or null when the field is null. */
    static PreTokenizer parse(JsonCursor json) {
        if (json.isNull()) {
            return null;
        }
        String type = json.type();
        return switch (type) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonCursor step : json.field("pretokenizers").elements()) {
                    steps.add(parse(step));
                }
                requireByteLevelLast(steps, json);
                yield new PreTokenizer.Sequence(List.copyOf(steps));
            }
            case "Split" -> new PreTokenizer.Split(PatternParser.matchFinder(json.field("pattern")),
                    SplitBehavior.fromJsonName(json.field("behavior").asString(), json.field("behavior")),
                    json.optBoolean("invert", false));
            case "ByteLevel" -> new PreTokenizer.ByteLevel(json.optBoolean("add_prefix_space", true),
                    json.optBoolean("use_regex", true));
            case "Metaspace" -> metaspace(json);
            case "Digits" -> new PreTokenizer.Digits(json.optBoolean("individual_digits", false));
            default -> throw json.field("type").problem("\"" + type + "\" is not a supported pre-tokenizer "
                    + "(supported: Sequence, Split, ByteLevel, Metaspace, Digits)");
        };
    }

    /**
     * The pre-tokenizer to run: {@code ByteLevel} steps without prefix space and regex do nothing to the text (the
     * model does the byte mapping), so they are dropped; null when nothing is left.
     */
    static PreTokenizer withoutNoOpSteps(PreTokenizer preTokenizer) {
        return switch (preTokenizer) {
            case PreTokenizer.ByteLevel(boolean prefix, boolean regex) when !prefix && !regex -> null;
            case PreTokenizer.Sequence sequence -> {
                List<PreTokenizer> steps = sequence.steps().stream().map(PreTokenizerParser::withoutNoOpSteps)
                        .filter(java.util.Objects::nonNull).toList();
                yield steps.isEmpty() ? null : steps.size() == 1 ? steps.getFirst() : new PreTokenizer.Sequence(steps);
            }
            case null, default -> preTokenizer;
        };
    }

    /** Whether the text reaching the model is byte-level (a {@code ByteLevel} step anywhere). */
    static boolean isByteLevel(PreTokenizer preTokenizer) {
        return switch (preTokenizer) {
            case null -> false;
            case PreTokenizer.ByteLevel byteLevel -> true;
            case PreTokenizer.Sequence sequence -> sequence.steps().stream().anyMatch(PreTokenizerParser::isByteLevel);
            default -> false;
        };
    }

    private static PreTokenizer metaspace(JsonCursor json) {
        String replacement = json.optString("replacement", "\u2581");
        if (replacement.length() != 1) {
            throw json.field("replacement").problem("must be a single character, got \"" + replacement + "\"");
        }
        PreTokenizer.Metaspace.PrependScheme scheme = prependScheme(json);
        return new PreTokenizer.Metaspace(replacement.charAt(0), scheme, json.optBoolean("split", true));
    }

    /** {@code prepend_scheme} ("always", "first", "never"), or the older boolean {@code add_prefix_space}. */
    static PreTokenizer.Metaspace.PrependScheme prependScheme(JsonCursor json) {
        if (!json.field("prepend_scheme").isNull()) {
            String scheme = json.field("prepend_scheme").asString();
            return switch (scheme) {
                case "always" -> PreTokenizer.Metaspace.PrependScheme.ALWAYS;
                case "first" -> PreTokenizer.Metaspace.PrependScheme.FIRST;
                case "never" -> PreTokenizer.Metaspace.PrependScheme.NEVER;
                default -> throw json.field("prepend_scheme").problem("is \"" + scheme
                        + "\", not one of always, first, never");
            };
        }
        return json.optBoolean("add_prefix_space", true)
                ? PreTokenizer.Metaspace.PrependScheme.ALWAYS : PreTokenizer.Metaspace.PrependScheme.NEVER;
    }

    /** Bytes are mapped in the model, so nothing may split the text after the byte-level step. */
    private static void requireByteLevelLast(List<PreTokenizer> steps, JsonCursor json) {
        for (int i = 0; i < steps.size() - 1; i++) {
            if (isByteLevel(steps.get(i))) {
                throw json.field("pretokenizers").problem("has a ByteLevel step before other steps; "
                        + "only a final ByteLevel step is supported");
            }
        }
    }
}
