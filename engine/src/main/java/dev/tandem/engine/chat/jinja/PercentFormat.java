package dev.tandem.engine.chat.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Python's printf-style {@code "text %s" % args} for the common conversions: {@code %s %r %d %i %f %x %%},
 * with an optional precision ({@code %.2f}) and {@code %(key)s} lookups in a mapping.
 */
final class PercentFormat {

    private PercentFormat() {
    }

    static String format(String format, Object args) {
        List<?> values = args instanceof Tuple t ? t : Collections.singletonList(args);
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        while (i < format.length()) {
            char c = format.charAt(i++);
            if (c != '%') {
                out.append(c);
                continue;
            }
            if (i >= format.length()) {
                throw TemplateException.render("incomplete format");
            }
            Object value = null;
            boolean keyed = false;
            if (format.charAt(i) == '(') {
                int close = format.indexOf(')', i);
                if (close < 0 || !(args instanceof Map<?, ?> map)) {
                    throw TemplateException.render("format requires a mapping");
                }
                value = map.containsKey(format.substring(i + 1, close)) ? map.get(format.substring(i + 1, close)) : Undefined.INSTANCE;
                keyed = true;
                i = close + 1;
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                int start = ++i;
                while (i < format.length() && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= format.length()) {
                throw TemplateException.render("incomplete format");
            }
            char conversion = format.charAt(i++);
            if (conversion == '%') {
                out.append('%');
                continue;
            }
            if (!keyed) {
                if (next >= values.size()) {
                    throw TemplateException.render("not enough arguments for format string");
                }
                value = values.get(next++);
            }
            out.append(convert(conversion, value, precision));
        }
        if (!(args instanceof Map) && next < values.size()) {
            throw TemplateException.render("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String convert(char conversion, Object value, int precision) {
        return switch (conversion) {
            case 's' -> precision >= 0 ? truncate(PythonText.str(value), precision) : PythonText.str(value);
            case 'r' -> PythonText.repr(value);
            case 'd', 'i' -> Long.toString(integer(value, conversion));
            case 'x' -> Long.toHexString(integer(value, conversion));
            case 'f', 'F' -> {
                requireNumber(value, conversion);
                yield new BigDecimal(Values.toDouble(value)).setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN)
                        .toPlainString();
            }
            default -> throw TemplateException.render("unsupported format character '" + conversion + "'");
        };
    }

    private static long integer(Object value, char conversion) {
        requireNumber(value, conversion);
        return value instanceof Double d ? (long) d.doubleValue() : Values.toLong(value);
    }

    private static void requireNumber(Object value, char conversion) {
        if (!Values.isNumeric(value)) {
            throw TemplateException.render("%" + conversion + " format: a real number is required, not " + Values.typeName(value));
        }
    }

    private static String truncate(String s, int length) {
        return PythonStrings.length(s) <= length ? s : s.substring(0, s.offsetByCodePoints(0, length));
    }
}
