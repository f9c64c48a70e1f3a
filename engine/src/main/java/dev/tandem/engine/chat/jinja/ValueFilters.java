package dev.tandem.engine.chat.jinja;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Filters on single values: {@code default d int float abs round tojson attr}. */
final class ValueFilters {

    private ValueFilters() {
    }

    static void register(Map<String, Filter> filters) {
        filters.put("default", ValueFilters::defaultValue);
        filters.put("d", ValueFilters::defaultValue);
        filters.put("int", ValueFilters::toInt);
        filters.put("float", (v, a) -> {
            Object fallback = a.bind("float", "default").get(0, 0.0);
            Double parsed = parseFloat(v);
            return parsed != null ? parsed : fallback;
        });
        filters.put("abs", (v, a) -> {
            a.bind("abs");
            return switch (v) {
                case Long l -> Math.abs(l);
                case Boolean b -> b ? 1L : 0L;
                case Double d -> Math.abs(d);
                case null, default -> throw TemplateException.render("bad operand type for abs(): '" + Values.typeName(v) + "'");
            };
        });
        filters.put("round", ValueFilters::round);
        filters.put("tojson", ValueFilters::toJson);
        filters.put("attr", (v, a) -> Access.pythonAttribute(v, PythonText.str(a.bind("attr", "name").required(0))));
    }

    /** {@code default(value, default_value='', boolean=False)}: replaces undefined (or falsy with boolean=true). */
    private static Object defaultValue(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("default", "default_value", "boolean");
        boolean replace = value == Undefined.INSTANCE || (a.flag(1, false) && !Values.isTruthy(value));
        return replace ? a.get(0, "") : value;
    }

    /** Jinja's {@code int(default=0, base=10)}: strings parse as int, else as float truncated, else default. */
    private static Object toInt(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("int", "default", "base");
        Object fallback = a.get(0, 0L);
        int base = (int) a.integer(1, 10);
        switch (value) {
            case Long l -> {
                return l;
            }
            case Boolean b -> {
                return b ? 1L : 0L;
            }
            case Double d -> {
                return Double.isFinite(d) ? (Object) (long) d.doubleValue() : fallback;
            }
            case String s -> {
                try {
                    return parseInteger(s, base);
                } catch (NumberFormatException e) {
                    Double parsed = parseFloat(s);
                    return parsed != null && Double.isFinite(parsed) ? (Object) (long) parsed.doubleValue() : fallback;
                }
            }
            case null, default -> {
                return fallback;
            }
        }
    }

    /** Python's {@code int(text, base)}: optional sign, {@code 0x/0o/0b} prefix matching the base (base 0 infers it). */
    private static long parseInteger(String text, int base) {
        String digits = PythonStrings.strip(text, null).replace("_", "").toLowerCase(Locale.ROOT);
        boolean negative = digits.startsWith("-");
        if (negative || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = base;
        for (String prefix : new String[] {"0x", "0o", "0b"}) {
            int prefixRadix = prefix.equals("0x") ? 16 : prefix.equals("0o") ? 8 : 2;
            if (digits.startsWith(prefix) && (base == 0 || base == prefixRadix)) {
                digits = digits.substring(2);
                radix = prefixRadix;
            }
        }
        if (radix == 0) {
            radix = 10;
        }
        if (digits.isEmpty() || digits.startsWith("+") || digits.startsWith("-")) {
            throw new NumberFormatException(text);
        }
        long value = Long.parseLong(digits, radix);
        return negative ? -value : value;
    }

    /** Python's {@code float(value)}, or null where it would raise. */
    private static Double parseFloat(Object value) {
        return switch (value) {
            case Long l -> (double) l;
            case Boolean b -> b ? 1.0 : 0.0;
            case Double d -> d;
            case String s -> {
                String t = PythonStrings.strip(s, null).toLowerCase(Locale.ROOT);
                if (t.matches("[+-]?(inf|infinity|nan)")) {
                    yield t.contains("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                }
                if (!t.matches("[+-]?(\\d[\\d_]*\\.?[\\d_]*|\\.\\d[\\d_]*)(e[+-]?\\d+)?")) {
                    yield null;
                }
                yield Double.parseDouble(t.replace("_", ""));
            }
            case null, default -> null;
        };
    }

    /**
     * Jinja's {@code round(precision=0, method='common')}: 'common' is Python's {@code round} (half to even on
     * the exact binary value; an int stays an int), 'ceil' and 'floor' always give a float.
     */
    private static Object round(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("round", "precision", "method");
        int precision = (int) a.integer(0, 0);
        String method = a.string(1, "common");
        if (!Values.isNumeric(value)) {
            throw TemplateException.render("round filter expects a number, not " + Values.typeName(value));
        }
        double scale = Math.pow(10, precision);
        return switch (method) {
            case "common" -> {
                if (Values.isIntegral(value)) {
                    yield precision >= 0 ? Values.toLong(value)
                            : BigDecimal.valueOf(Values.toLong(value)).setScale(precision, RoundingMode.HALF_EVEN).longValue();
                }
                double d = (Double) value;
                if (!Double.isFinite(d)) {
                    yield d;
                }
                // copySign keeps Python's -0.0 for small negatives.
                yield Math.copySign(new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue(), d);
            }
            case "ceil" -> Math.ceil(Values.toDouble(value) * scale) / scale;
            case "floor" -> Math.floor(Values.toDouble(value) * scale) / scale;
            default -> throw TemplateException.render("round: method must be 'common', 'ceil' or 'floor'");
        };
    }

    /** transformers' {@code tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)}. */
    private static Object toJson(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("tojson", "ensure_ascii", "indent", "separators", "sort_keys");
        Object indent = a.get(1, null);
        String indentText = switch (indent) {
            case null -> null;
            case String s -> s;
            default -> " ".repeat((int) Math.max(0, a.integer(1, 0)));
        };
        String itemSeparator = null;
        String keySeparator = null;
        Object separators = a.get(2, null);
        if (separators != null) {
            if (!(separators instanceof List<?> pair) || pair.size() != 2) {
                throw TemplateException.render("tojson: separators must be a pair such as (',', ':')");
            }
            itemSeparator = PythonText.str(pair.get(0));
            keySeparator = PythonText.str(pair.get(1));
        }
        return new JsonWriter(indentText, itemSeparator, keySeparator, a.flag(3, false), a.flag(0, false)).write(value);
    }
}
