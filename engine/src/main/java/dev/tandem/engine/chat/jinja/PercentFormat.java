package dev.tandem.engine.chat.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's printf-style {@code "text %s" % args} (and the {@code format} filter) for the conversions
 * {@code s r d i f F x X %} with flags {@code - + space 0}, a width, a precision and {@code %(key)s} lookups.
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
            Object value = null;
            boolean keyed = false;
            if (i < format.length() && format.charAt(i) == '(') {
                int close = format.indexOf(')', i);
                if (close < 0 || !(args instanceof Map<?, ?> map)) {
                    throw TemplateException.render("format requires a mapping");
                }
                String key = format.substring(i + 1, close);
                value = map.containsKey(key) ? map.get(key) : Undefined.INSTANCE;
                keyed = true;
                i = close + 1;
            }
            int flagsStart = i;
            while (i < format.length() && "-+ 0#".indexOf(format.charAt(i)) >= 0) {
                i++;
            }
            String flags = format.substring(flagsStart, i);
            int width = 0;
            while (i < format.length() && Character.isDigit(format.charAt(i))) {
                width = width * 10 + (format.charAt(i++) - '0');
            }
            int precision = -1;
            if (i < format.length() && format.charAt(i) == '.') {
                precision = 0;
                while (++i < format.length() && Character.isDigit(format.charAt(i))) {
                    precision = precision * 10 + (format.charAt(i) - '0');
                }
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
            out.append(pad(convert(conversion, value, precision, flags), flags, width, "dixXfF".indexOf(conversion) >= 0));
        }
        if (!(args instanceof Map) && next < values.size()) {
            throw TemplateException.render("not all arguments converted during string formatting");
        }
        return out.toString();
    }

    private static String convert(char conversion, Object value, int precision, String flags) {
        String sign = flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
        return switch (conversion) {
            case 's' -> truncate(PythonText.str(value), precision);
            case 'r' -> truncate(PythonText.repr(value), precision);
            case 'd', 'i' -> signed(Long.toString(integer(value, conversion)), sign);
            case 'x' -> signed(hex(integer(value, conversion)), sign);
            case 'X' -> signed(hex(integer(value, conversion)).toUpperCase(Locale.ROOT), sign);
            case 'f', 'F' -> {
                requireNumber(value, conversion);
                double d = Values.toDouble(value);
                String text = Double.isFinite(d)
                        ? new BigDecimal(d).setScale(precision < 0 ? 6 : precision, RoundingMode.HALF_EVEN).toPlainString()
                        : PythonText.floatRepr(d);
                yield signed(text, sign);
            }
            default -> throw TemplateException.render("unsupported format character '" + conversion + "'");
        };
    }

    private static String hex(long value) {
        return value < 0 ? "-" + Long.toHexString(-value) : Long.toHexString(value);
    }

    private static String signed(String number, String sign) {
        return number.startsWith("-") ? number : sign + number;
    }

    private static String pad(String text, String flags, int width, boolean numeric) {
        int missing = width - PythonStrings.length(text);
        if (missing <= 0) {
            return text;
        }
        if (flags.contains("-")) {
            return text + " ".repeat(missing);
        }
        if (numeric && flags.contains("0")) {
            int signLength = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
            return text.substring(0, signLength) + "0".repeat(missing) + text.substring(signLength);
        }
        return " ".repeat(missing) + text;
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
        return length < 0 || PythonStrings.length(s) <= length ? s : s.substring(0, s.offsetByCodePoints(0, length));
    }
}
