package dev.tandem.engine.chat.jinja;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Python's {@code str()} and {@code repr()} of template values, which is what {@code {{ value }}} prints. */
final class PythonText {

    private PythonText() {
    }

    /** {@code str(value)}: None, True and False capitalized, undefined empty, containers as Python reprs. */
    static String str(Object value) {
        return switch (value) {
            case null -> "None";
            case String s -> s;
            case Undefined u -> "";
            default -> repr(value);
        };
    }

    static String repr(Object value) {
        return switch (value) {
            case null -> "None";
            case Undefined u -> "";
            case Boolean b -> b ? "True" : "False";
            case Long l -> l.toString();
            case Double d -> floatRepr(d);
            case String s -> stringRepr(s);
            case Tuple t -> t.size() == 1 ? "(" + repr(t.getFirst()) + ",)" : join("(", t, ")");
            case List<?> list -> join("[", list, "]");
            case Map<?, ?> map -> {
                StringBuilder out = new StringBuilder("{");
                map.forEach((k, v) -> {
                    if (out.length() > 1) {
                        out.append(", ");
                    }
                    out.append(repr(k)).append(": ").append(repr(v));
                });
                yield out.append('}').toString();
            }
            case Namespace ns -> "<Namespace " + repr(ns.attributes()) + ">";
            default -> "<" + Values.typeName(value) + ">";
        };
    }

    private static String join(String open, List<?> items, String close) {
        StringBuilder out = new StringBuilder(open);
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append(repr(items.get(i)));
        }
        return out.append(close).toString();
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that round-trip, positional notation for decimal
     * exponents -4 &lt; e &lt; 16 (always with a fractional part, {@code 1.0}), otherwise {@code 1e+16}.
     */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        String sign = d < 0 ? "-" : "";
        // Double.toString yields the shortest round-tripping digits (JDK 19+), as Python's repr does.
        BigDecimal shortest = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        int decimalPoint = digits.length() - shortest.scale();
        if (decimalPoint <= -4 || decimalPoint > 16) {
            int exponent = decimalPoint - 1;
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }
        if (decimalPoint <= 0) {
            return sign + "0." + "0".repeat(-decimalPoint) + digits;
        }
        if (decimalPoint >= digits.length()) {
            return sign + digits + "0".repeat(decimalPoint - digits.length()) + ".0";
        }
        return sign + digits.substring(0, decimalPoint) + "." + digits.substring(decimalPoint);
    }

    /** Python's string repr: single quotes unless the text has a single quote and no double quote. */
    static String stringRepr(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2).append(quote);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp == quote) {
                        out.append('\\').append(quote);
                    } else if (isPrintable(cp)) {
                        out.appendCodePoint(cp);
                    } else if (cp < 0x100) {
                        out.append("\\x%02x".formatted(cp));
                    } else if (cp < 0x10000) {
                        out.append("\\u%04x".formatted(cp));
                    } else {
                        out.append("\\U%08x".formatted(cp));
                    }
                }
            }
        });
        return out.append(quote).toString();
    }

    /** Python's {@code str.isprintable()} for one code point: no controls, formats, separators (but space). */
    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }
}
