package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Python's semantics for {@code == < in + - * / // % **} and unary minus on template values. */
final class Operators {

    /** Longest string or list that {@code *} may build, a guard against runaway templates. */
    private static final long MAX_REPEAT_LENGTH = 100_000_000;

    private Operators() {
    }

    /** Python's {@code a == b}: 1 == 1.0 == True, element-wise for containers, a tuple never equals a list. */
    static boolean equal(Object a, Object b) {
        if (Values.isNumeric(a) && Values.isNumeric(b)) {
            if (a instanceof Double || b instanceof Double) {
                return Values.toDouble(a) == Values.toDouble(b);
            }
            return Values.toLong(a) == Values.toLong(b);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if ((a instanceof Tuple) != (b instanceof Tuple) || x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Python's ordering: numbers, strings (by code point) and sequences; anything else is a type error. */
    static int compare(Object a, Object b, String operator) {
        if (Values.isNumeric(a) && Values.isNumeric(b)) {
            if (a instanceof Double || b instanceof Double) {
                return Double.compare(Values.toDouble(a), Values.toDouble(b));
            }
            return Long.compare(Values.toLong(a), Values.toLong(b));
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return compare(x.get(i), y.get(i), operator);
                }
            }
            return Integer.compare(x.size(), y.size());
        }
        throw TemplateException.render("'%s' not supported between instances of '%s' and '%s'"
                .formatted(operator, Values.typeName(a), Values.typeName(b)));
    }

    private static int compareCodePoints(String x, String y) {
        Iterator<Integer> i = x.codePoints().iterator();
        Iterator<Integer> j = y.codePoints().iterator();
        while (i.hasNext() && j.hasNext()) {
            int c = Integer.compare(i.next(), j.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(i.hasNext(), j.hasNext());
    }

    /** Python's {@code item in container}; nothing is in an undefined value. */
    static boolean contains(Object container, Object item) {
        return switch (container) {
            case String s -> {
                if (!(item instanceof String sub)) {
                    throw TemplateException.render("'in <string>' requires string as left operand, not " + Values.typeName(item));
                }
                yield s.contains(sub);
            }
            case List<?> list -> list.stream().anyMatch(x -> equal(x, item));
            case Map<?, ?> map -> map.keySet().stream().anyMatch(k -> equal(k, item));
            case Undefined u -> false;
            case null, default -> throw TemplateException.render("argument of type '" + Values.typeName(container) + "' is not iterable");
        };
    }

    static Object binary(String op, Object a, Object b) {
        if (a == Undefined.INSTANCE || b == Undefined.INSTANCE) {
            throw TemplateException.render("cannot use an undefined value with '" + op + "'");
        }
        if (Values.isNumeric(a) && Values.isNumeric(b)) {
            return numeric(op, a, b);
        }
        switch (op) {
            case "+" -> {
                if (a instanceof String x && b instanceof String y) {
                    return x + y;
                }
                if (a instanceof List<?> x && b instanceof List<?> y && (a instanceof Tuple) == (b instanceof Tuple)) {
                    List<Object> joined = new ArrayList<>(x);
                    joined.addAll(y);
                    return a instanceof Tuple ? new Tuple(joined) : joined;
                }
                if (a instanceof String) {
                    throw TemplateException.render("can only concatenate str (not \"" + Values.typeName(b) + "\") to str");
                }
            }
            case "*" -> {
                if (Values.isIntegral(b) && (a instanceof String || a instanceof List)) {
                    return repeat(a, Values.toLong(b));
                }
                if (Values.isIntegral(a) && (b instanceof String || b instanceof List)) {
                    return repeat(b, Values.toLong(a));
                }
            }
            case "%" -> {
                if (a instanceof String format) {
                    return PercentFormat.format(format, b);
                }
            }
            default -> {
            }
        }
        throw TemplateException.render("unsupported operand type(s) for %s: '%s' and '%s'"
                .formatted(op, Values.typeName(a), Values.typeName(b)));
    }

    private static Object repeat(Object sequence, long times) {
        long count = Math.max(0, times);
        long unit = sequence instanceof String s ? s.length() : ((List<?>) sequence).size();
        if (unit * count > MAX_REPEAT_LENGTH) {
            throw TemplateException.render("result of '*' is too long (" + unit * count + " elements)");
        }
        if (sequence instanceof String s) {
            return s.repeat((int) count);
        }
        List<Object> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.addAll((List<?>) sequence);
        }
        return sequence instanceof Tuple ? new Tuple(out) : out;
    }

    private static Object numeric(String op, Object a, Object b) {
        if (op.equals("/")) {
            double divisor = Values.toDouble(b);
            if (divisor == 0) {
                throw TemplateException.render("division by zero");
            }
            return Values.toDouble(a) / divisor;
        }
        if (a instanceof Double || b instanceof Double) {
            double x = Values.toDouble(a);
            double y = Values.toDouble(b);
            return switch (op) {
                case "+" -> x + y;
                case "-" -> x - y;
                case "*" -> x * y;
                case "//" -> floatFloorDivision(x, nonZero(y));
                case "%" -> floatModulo(x, nonZero(y));
                case "**" -> {
                    requireNonZeroBase(x, y);
                    if (x < 0 && y != Math.rint(y)) {
                        throw TemplateException.render("a negative number to a fractional power is complex, which templates do not support");
                    }
                    double result = Math.pow(x, y);
                    if (Double.isInfinite(result) && Double.isFinite(x) && Double.isFinite(y)) {
                        throw TemplateException.render("numerical result out of range in '**'");
                    }
                    yield result;
                }
                default -> throw new IllegalArgumentException(op);
            };
        }
        long x = Values.toLong(a);
        long y = Values.toLong(b);
        try {
            return switch (op) {
                case "+" -> Math.addExact(x, y);
                case "-" -> Math.subtractExact(x, y);
                case "*" -> Math.multiplyExact(x, y);
                case "//" -> Math.floorDiv(x, nonZero(y));
                case "%" -> Math.floorMod(x, nonZero(y));
                case "**" -> {
                    requireNonZeroBase(x, y);
                    yield y < 0 ? (Object) Math.pow(x, y) : (Object) power(x, y);
                }
                default -> throw new IllegalArgumentException(op);
            };
        } catch (ArithmeticException e) {
            throw TemplateException.render("integer overflow in '" + op + "' (values beyond 64 bits are not supported)");
        }
    }

    private static void requireNonZeroBase(double base, double exponent) {
        if (base == 0 && exponent < 0) {
            throw TemplateException.render("0.0 cannot be raised to a negative power");
        }
    }

    /** CPython's float modulo: fmod, then moved to the divisor's sign. */
    private static double floatModulo(double x, double y) {
        double mod = x % y;
        if (mod != 0) {
            return (y < 0) != (mod < 0) ? mod + y : mod;
        }
        return Math.copySign(0.0, y);
    }

    /** CPython's float floor division, consistent with {@link #floatModulo}. */
    private static double floatFloorDivision(double x, double y) {
        double mod = x % y;
        double div = (x - mod) / y;
        if (mod != 0 && (y < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, x / y);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    private static double nonZero(double y) {
        if (y == 0) {
            throw TemplateException.render("division by zero");
        }
        return y;
    }

    private static long nonZero(long y) {
        if (y == 0) {
            throw TemplateException.render("integer division or modulo by zero");
        }
        return y;
    }

    /** Exponentiation by squaring; squaring overflows only when the result would. */
    private static long power(long base, long exponent) {
        long result = 1;
        long factor = base;
        for (long e = exponent; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = Math.multiplyExact(result, factor);
            }
            if (e > 1) {
                factor = Math.multiplyExact(factor, factor);
            }
        }
        return result;
    }

    static Object negate(Object value) {
        return switch (value) {
            case Long l when l == Long.MIN_VALUE -> throw TemplateException.render("integer overflow in unary '-'");
            case Long l -> -l;
            case Boolean b -> b ? -1L : 0L;
            case Double d -> -d;
            case null, default -> throw TemplateException.render("bad operand type for unary -: '" + Values.typeName(value) + "'");
        };
    }
}
