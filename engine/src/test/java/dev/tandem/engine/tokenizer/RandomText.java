package dev.tandem.engine.tokenizer;

import java.util.Random;

/** Seeded random Unicode text mixing the cases tokenizers get wrong. */
final class RandomText {

    private static final String[] WORDS = {"the", "The", " quick", "don't", "I'm", "y'all", "HELLO", "über",
            "naïve", "café", "12345", "3.14", "x**2", "<div>", "a_b", "foo()", "{\"k\": 1}", "!!!", "...", "--"};
    private static final int[] SPACES = {' ', ' ', ' ', '\t', '\n', '\n', '\r', '\u00A0', '\u3000', '\u2009',
            '\uFEFF', '\u200B'};

    private final Random random;

    RandomText(long seed) {
        this.random = new Random(seed);
    }

    String next(int maxParts) {
        StringBuilder text = new StringBuilder();
        int parts = 1 + random.nextInt(maxParts);
        for (int p = 0; p < parts; p++) {
            switch (random.nextInt(10)) {
                case 0, 1 -> text.append(WORDS[random.nextInt(WORDS.length)]);
                case 2 -> repeat(text, SPACES[random.nextInt(SPACES.length)], 1 + random.nextInt(4));
                case 3 -> repeat(text, 0x4E00 + random.nextInt(0x5200), 1 + random.nextInt(3)); // CJK
                case 4 -> emoji(text);
                case 5 -> text.appendCodePoint('a' + random.nextInt(26))
                        .appendCodePoint(0x300 + random.nextInt(0x70)); // letter + combining mark
                case 6 -> text.appendCodePoint(0x1100 + random.nextInt(19)).appendCodePoint(0x1161 + random.nextInt(21));
                case 7 -> text.appendCodePoint(randomBmp());
                case 8 -> text.appendCodePoint(0x10000 + random.nextInt(0x100000 - 0x10000));
                default -> text.appendCodePoint(0x20 + random.nextInt(0x5F));
            }
        }
        return text.toString();
    }

    private void emoji(StringBuilder text) {
        text.appendCodePoint(0x1F300 + random.nextInt(0x800));
        switch (random.nextInt(4)) {
            case 0 -> text.appendCodePoint(0x1F3FB + random.nextInt(5)); // skin tone
            case 1 -> text.append('\u200D').appendCodePoint(0x1F300 + random.nextInt(0x800)); // ZWJ sequence
            case 2 -> text.append('\uFE0F');
            default -> {
            }
        }
    }

    private int randomBmp() {
        int cp;
        do {
            cp = random.nextInt(0x10000);
        } while (Character.isSurrogate((char) cp));
        return cp;
    }

    private static void repeat(StringBuilder text, int codePoint, int times) {
        for (int i = 0; i < times; i++) {
            text.appendCodePoint(codePoint);
        }
    }
}
