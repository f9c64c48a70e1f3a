package dev.tandem.engine.tokenizer;

/** Reads the {@code {"String": "..."}} / {@code {"Regex": "..."}} pattern objects of {@code tokenizer.json}. */
final class PatternParser {

    private PatternParser() {
    }

    static TextPattern textPattern(JsonCursor pattern) {
        if (!pattern.field("String").isNull()) {
            return TextPattern.ofLiteral(pattern.field("String").asString());
        }
        if (!pattern.field("Regex").isNull()) {
            return TextPattern.ofRegex(SplitRegexes.compile(pattern.field("Regex").asString(),
                    pattern.file() + ": " + pattern.path() + ".Regex"));
        }
        throw pattern.problem("is neither {\"String\": ...} nor {\"Regex\": ...}");
    }

    static MatchFinder matchFinder(JsonCursor pattern) {
        if (!pattern.field("String").isNull()) {
            return new MatchFinder.Literal(pattern.field("String").asString());
        }
        if (!pattern.field("Regex").isNull()) {
            return SplitRegexes.finder(pattern.field("Regex").asString(),
                    pattern.file() + ": " + pattern.path() + ".Regex");
        }
        throw pattern.problem("is neither {\"String\": ...} nor {\"Regex\": ...}");
    }
}
