package dev.tandem.engine.chat.output;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** Ways of cutting a text into the deltas a detokenizer might produce. */
final class TextSplits {

    private TextSplits() {
    }

    /** Cuts at random places, sometimes between every character, sometimes adding empty deltas. */
    static List<String> random(String text, RandomGenerator random) {
        double cutProbability = switch (random.nextInt(4)) {
            case 0 -> 1.0;
            case 1 -> 0.05;
            default -> random.nextDouble();
        };
        List<String> deltas = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < text.length(); i++) {
            if (random.nextDouble() < cutProbability) {
                deltas.add(text.substring(start, i));
                start = i;
                if (random.nextInt(10) == 0) {
                    deltas.add("");
                }
            }
        }
        deltas.add(text.substring(start));
        return deltas;
    }

    /** Every split into two deltas, the cut at each position from 0 to the text's length. */
    static List<List<String>> everyTwoWaySplit(String text) {
        List<List<String>> splits = new ArrayList<>();
        for (int i = 0; i <= text.length(); i++) {
            splits.add(List.of(text.substring(0, i), text.substring(i)));
        }
        return splits;
    }

    /** One delta per character. */
    static List<String> characters(String text) {
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            deltas.add(String.valueOf(text.charAt(i)));
        }
        return deltas;
    }

    /** A text made of 0 to {@code maxPieces} fragments picked at random. */
    static String compose(List<String> fragments, RandomGenerator random, int maxPieces) {
        StringBuilder text = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            text.append(fragments.get(random.nextInt(fragments.size())));
        }
        return text.toString();
    }
}
