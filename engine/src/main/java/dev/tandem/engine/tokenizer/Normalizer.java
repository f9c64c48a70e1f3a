package dev.tandem.engine.tokenizer;

import java.util.List;
import java.util.Locale;

/** A text normalizer of the {@code tokenizer.json} pipeline, applied to the text between added tokens. */
sealed interface Normalizer {

    String normalize(String text);

    /** Unicode normalization (NFC, NFD, NFKC, NFKD). */
    record UnicodeForm(java.text.Normalizer.Form form) implements Normalizer {
        @Override
        public String normalize(String text) {
            if (form == java.text.Normalizer.Form.NFC && belowCombiningMarks(text)) {
                return text;
            }
            return java.text.Normalizer.normalize(text, form);
        }

        /** Text made only of characters below U+0300 is already NFC: none of them composes or decomposes. */
        private static boolean belowCombiningMarks(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) >= 0x300) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Prepends a string to non-empty text (SentencePiece's dummy prefix {@code ▁}). */
    record Prepend(String prefix) implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.isEmpty() ? text : prefix + text;
        }
    }

    /** Replaces every match of a pattern. */
    record Replace(TextPattern pattern, String content) implements Normalizer {
        @Override
        public String normalize(String text) {
            return pattern.replaceAll(text, content);
        }
    }

    /** Unicode lower-casing. */
    record Lowercase() implements Normalizer {
        @Override
        public String normalize(String text) {
            return text.toLowerCase(Locale.ROOT);
        }
    }

    /** Strips White_Space on the left and/or right. */
    record Strip(boolean left, boolean right) implements Normalizer {
        @Override
        public String normalize(String text) {
            int start = 0;
            int end = text.length();
            while (left && start < end && CharClasses.isWhiteSpace(text.charAt(start))) {
                start++;
            }
            while (right && end > start && CharClasses.isWhiteSpace(text.charAt(end - 1))) {
                end--;
            }
            return text.substring(start, end);
        }
    }

    /** Applies normalizers in order. */
    record Sequence(List<Normalizer> steps) implements Normalizer {
        @Override
        public String normalize(String text) {
            String result = text;
            for (Normalizer step : steps) {
                result = step.normalize(result);
            }
            return result;
        }
    }
}
