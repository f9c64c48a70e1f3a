package dev.tandem.engine.tokenizer;

import java.util.Random;

/**
 * Seeded, varied benchmark text: English prose from sentence templates and word lists, Java and Python snippets
 * with generated identifiers and numbers, and Chinese phrases drawn from common characters. Words repeat with a
 * natural skew (as in real text), while identifiers, numbers and Chinese phrases are mostly new.
 */
final class BenchmarkText {

    private static final String[] NOUNS = {"keeper", "lighthouse", "harbor", "boat", "gull", "storm", "village",
            "window", "letter", "garden", "river", "engine", "market", "teacher", "child", "winter", "morning",
            "kitchen", "library", "bridge", "mountain", "island", "station", "journey", "question", "answer",
            "problem", "system", "network", "server", "request", "token", "model", "memory", "document", "record"};
    private static final String[] VERBS = {"climbed", "watched", "remembered", "carried", "opened", "noticed",
            "followed", "repaired", "described", "answered", "returned", "measured", "collected", "wrote", "built",
            "explained", "considered", "discovered", "ignored", "finished", "started", "loaded", "processed"};
    private static final String[] ADJECTIVES = {"old", "quiet", "bright", "narrow", "heavy", "careful", "distant",
            "gentle", "broken", "curious", "patient", "ordinary", "strange", "simple", "complicated", "empty",
            "crowded", "honest", "sudden", "familiar", "invisible", "reliable", "slow", "rapid"};
    private static final String[] TEMPLATES = {
            "The %a %n %v the %n before the %a %n arrived.",
            "Nobody %v how the %n had %v the %a %n, but everyone agreed it was %a.",
            "\"I don't think the %n is %a,\" she said, and %v the %n again.",
            "By %d o'clock the %a %n had %v %d %ns and a %a %n.",
            "It wasn't the %n that %v him; it was the %a %n he'd %v years ago.",
    };
    private static final String CHINESE = "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会"
            + "自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经"
            + "头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定"
            + "女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军";
    private static final String CHINESE_PUNCTUATION = "，。、；：？！";

    private final Random random;

    BenchmarkText(long seed) {
        this.random = new Random(seed);
    }

    String build(int minChars) {
        StringBuilder text = new StringBuilder(minChars + 4096);
        while (text.length() < minChars) {
            switch (random.nextInt(4)) {
                case 0 -> prose(text);
                case 1 -> java(text);
                case 2 -> python(text);
                default -> chinese(text);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private void prose(StringBuilder text) {
        for (int s = 0, count = 4 + random.nextInt(5); s < count; s++) {
            String sentence = pick(TEMPLATES);
            sentence = sentence.replace("%ns", pick(NOUNS) + "s");
            while (sentence.contains("%")) {
                int at = sentence.indexOf('%');
                String filler = switch (sentence.charAt(at + 1)) {
                    case 'a' -> pick(ADJECTIVES);
                    case 'n' -> pick(NOUNS);
                    case 'v' -> pick(VERBS);
                    default -> Integer.toString(random.nextInt(1000));
                };
                sentence = sentence.substring(0, at) + filler + sentence.substring(at + 2);
            }
            text.append(sentence).append(' ');
        }
        text.append('\n');
    }

    private void java(StringBuilder text) {
        String type = capitalize(pick(NOUNS)) + capitalize(pick(NOUNS));
        String field = pick(ADJECTIVES) + capitalize(pick(NOUNS));
        text.append("public final class ").append(type).append(" {\n")
                .append("    private final int[] ").append(field).append(" = new int[").append(random.nextInt(4096))
                .append("];\n\n")
                .append("    public int ").append(pick(VERBS)).append(capitalize(pick(NOUNS))).append("(int index) {\n")
                .append("        if (index < 0 || index >= ").append(field).append(".length) {\n")
                .append("            throw new IllegalArgumentException(\"index out of range: \" + index);\n")
                .append("        }\n")
                .append("        return ").append(field).append("[index] * ").append(random.nextInt(97))
                .append(" + 0x").append(Integer.toHexString(random.nextInt())).append(";\n")
                .append("    }\n}\n");
    }

    private void python(StringBuilder text) {
        String name = pick(VERBS) + "_" + pick(NOUNS);
        text.append("def ").append(name).append("(values: list[float], limit: int = ").append(random.nextInt(100))
                .append(") -> dict[str, float]:\n")
                .append("    \"\"\"Return the ").append(pick(ADJECTIVES)).append(" ").append(pick(NOUNS))
                .append(" statistics.\"\"\"\n")
                .append("    result = {}\n")
                .append("    for i, value in enumerate(values[:limit]):\n")
                .append("        result[f\"").append(pick(NOUNS)).append("_{i}\"] = value ** ")
                .append(random.nextInt(5)).append(" / ").append(1 + random.nextInt(9)).append(".0\n")
                .append("    return result\n");
    }

    private void chinese(StringBuilder text) {
        for (int phrase = 0, count = 3 + random.nextInt(6); phrase < count; phrase++) {
            for (int c = 0, length = 2 + random.nextInt(14); c < length; c++) {
                text.append(CHINESE.charAt(random.nextInt(CHINESE.length())));
            }
            text.append(CHINESE_PUNCTUATION.charAt(random.nextInt(CHINESE_PUNCTUATION.length())));
        }
        text.append('\n');
    }

    private String pick(String[] words) {
        // squared uniform: a skew towards the first words, as in natural text
        double u = random.nextDouble();
        return words[(int) (u * u * words.length)];
    }

    private static String capitalize(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
