package dev.tandem.engine.tokenizer;

/**
 * The Unicode character classes the pre-tokenizer regexes use, with Oniguruma's (and Rust's) definitions:
 * {@code \p{L}} is general category L*, {@code \p{N}} is N*, and {@code \s} is the Unicode White_Space property
 * (which, unlike JavaScript's {@code \s}, does not include U+FEFF, and unlike {@link Character#isWhitespace},
 * does include U+00A0 and U+0085).
 */
final class CharClasses {

    static final byte OTHER = 0;
    static final byte LETTER = 1;
    static final byte NUMBER = 2;
    static final byte SPACE = 3;

    private static final byte[] BMP = new byte[0x10000];

    static {
        for (int c = 0; c < BMP.length; c++) {
            BMP[c] = compute(c);
        }
    }

    private CharClasses() {
    }

    /** One of {@link #OTHER}, {@link #LETTER}, {@link #NUMBER}, {@link #SPACE}. */
    static byte of(int codePoint) {
        return codePoint < 0x10000 ? BMP[codePoint] : compute(codePoint);
    }

    /** The Unicode White_Space property ({@code \s} in Oniguruma and Rust). */
    static boolean isWhiteSpace(int c) {
        return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F
                || c == 0x3000;
    }

    /** Rust's {@code char::is_alphanumeric}: the Alphabetic property or a numeric general category. */
    static boolean isAlphanumeric(int c) {
        return Character.isAlphabetic(c) || isNumeric(c);
    }

    /** Rust's {@code char::is_numeric}: general category Nd, Nl or No. */
    static boolean isNumeric(int c) {
        int type = Character.getType(c);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    private static byte compute(int c) {
        if (isWhiteSpace(c)) {
            return SPACE;
        }
        if (Character.isLetter(c)) {
            return LETTER;
        }
        return isNumeric(c) ? NUMBER : OTHER;
    }
}
