package dev.tandem.engine.chat.jinja;

/**
 * Reads a number literal as Jinja's lexer does: integers with {@code _} separators and {@code 0b/0o/0x}
 * prefixes, floats with a fraction and/or exponent. Right after a {@code .} only an integer is read, so that
 * {@code items.0.1} indexes twice.
 */
final class NumberScanner {

    /** A literal: its kind, its text (digits without separators, prefixed integers in decimal) and where it ends. */
    record Scanned(Token.Kind kind, String text, int end) {
    }

    private NumberScanner() {
    }

    /** @throws IllegalArgumentException for a prefix without digits, such as {@code 0x} */
    static Scanned scan(String source, int start, boolean afterDot) {
        if (source.charAt(start) == '0' && start + 1 < source.length() && "bBoOxX".indexOf(source.charAt(start + 1)) >= 0) {
            return prefixed(source, start);
        }
        int pos = skipDigits(source, start);
        boolean isFloat = false;
        if (!afterDot && pos + 1 < source.length() && source.charAt(pos) == '.' && Character.isDigit(source.charAt(pos + 1))) {
            pos = skipDigits(source, pos + 1);
            isFloat = true;
        }
        if (!afterDot && pos < source.length() && (source.charAt(pos) == 'e' || source.charAt(pos) == 'E')) {
            int exponent = pos + 1;
            if (exponent < source.length() && (source.charAt(exponent) == '+' || source.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < source.length() && Character.isDigit(source.charAt(exponent))) {
                pos = skipDigits(source, exponent);
                isFloat = true;
            }
        }
        return new Scanned(isFloat ? Token.Kind.FLOAT : Token.Kind.INTEGER, source.substring(start, pos).replace("_", ""), pos);
    }

    private static Scanned prefixed(String source, int start) {
        int radix = switch (Character.toLowerCase(source.charAt(start + 1))) {
            case 'b' -> 2;
            case 'o' -> 8;
            default -> 16;
        };
        int pos = start + 2;
        while (pos < source.length() && (source.charAt(pos) == '_' || Character.digit(source.charAt(pos), radix) >= 0)) {
            pos++;
        }
        String digits = source.substring(start + 2, pos).replace("_", "");
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("invalid number literal '" + source.substring(start, pos) + "'");
        }
        try {
            return new Scanned(Token.Kind.INTEGER, Long.toString(Long.parseLong(digits, radix)), pos);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("integer literal out of range: " + source.substring(start, pos));
        }
    }

    private static int skipDigits(String source, int start) {
        int pos = start;
        while (pos < source.length() && (Character.isDigit(source.charAt(pos))
                || (source.charAt(pos) == '_' && pos + 1 < source.length() && Character.isDigit(source.charAt(pos + 1))))) {
            pos++;
        }
        return pos;
    }
}
