package dev.tandem.engine.chat.jinja;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/** The built-in tests of {@code value is name(args)}, with Jinja's (Python's) type rules: bool is a number. */
final class BuiltinTests {

    private static final Map<String, BiPredicate<Object, Arguments>> BY_NAME = build();

    private BuiltinTests() {
    }

    private static Map<String, BiPredicate<Object, Arguments>> build() {
        Map<String, BiPredicate<Object, Arguments>> tests = new HashMap<>();
        unary(tests, "defined", v -> v != Undefined.INSTANCE);
        unary(tests, "undefined", v -> v == Undefined.INSTANCE);
        unary(tests, "none", v -> v == null);
        unary(tests, "string", v -> v instanceof String);
        unary(tests, "number", Values::isNumeric);
        unary(tests, "integer", v -> v instanceof Long);
        unary(tests, "float", v -> v instanceof Double);
        unary(tests, "boolean", v -> v instanceof Boolean);
        unary(tests, "true", v -> Boolean.TRUE.equals(v));
        unary(tests, "false", v -> Boolean.FALSE.equals(v));
        unary(tests, "mapping", v -> v instanceof Map);
        unary(tests, "iterable", Values::isIterable);
        unary(tests, "sequence", v -> v instanceof List || v instanceof String || v instanceof Map);
        unary(tests, "callable", v -> v instanceof TemplateFunction);
        unary(tests, "lower", v -> v instanceof String s && s.equals(s.toLowerCase(Locale.ROOT)));
        unary(tests, "upper", v -> v instanceof String s && s.equals(s.toUpperCase(Locale.ROOT)));
        unary(tests, "odd", v -> Math.floorMod(integer(v, "odd"), 2) == 1);
        unary(tests, "even", v -> Math.floorMod(integer(v, "even"), 2) == 0);
        unary(tests, "filter", v -> v instanceof String s && Filters.exists(s));
        unary(tests, "test", v -> v instanceof String s && exists(s));
        binary(tests, (v, other) -> Operators.equal(v, other), "eq", "equalto", "==");
        binary(tests, (v, other) -> !Operators.equal(v, other), "ne", "!=");
        binary(tests, (v, other) -> Operators.compare(v, other, "<") < 0, "lt", "lessthan", "<");
        binary(tests, (v, other) -> Operators.compare(v, other, "<=") <= 0, "le", "<=");
        binary(tests, (v, other) -> Operators.compare(v, other, ">") > 0, "gt", "greaterthan", ">");
        binary(tests, (v, other) -> Operators.compare(v, other, ">=") >= 0, "ge", ">=");
        binary(tests, (v, other) -> Operators.contains(other, v), "in");
        binary(tests, BuiltinTests::sameAs, "sameas");
        binary(tests, (v, other) -> {
            long divisor = integer(other, "divisibleby");
            if (divisor == 0) {
                throw TemplateException.render("divisibleby: division by zero");
            }
            return Math.floorMod(integer(v, "divisibleby"), divisor) == 0;
        }, "divisibleby");
        return Map.copyOf(tests);
    }

    private static void unary(Map<String, BiPredicate<Object, Arguments>> tests, String name, Predicate<Object> test) {
        tests.put(name, (v, a) -> {
            a.bind("test '" + name + "'");
            return test.test(v);
        });
    }

    private static void binary(Map<String, BiPredicate<Object, Arguments>> tests, BiPredicate<Object, Object> test,
                               String... names) {
        for (String name : names) {
            tests.put(name, (v, a) -> test.test(v, a.bind("test '" + name + "'", "other").required(0)));
        }
    }

    /** Python's {@code is}: identity for None, booleans and undefined; equal small values otherwise. */
    private static boolean sameAs(Object a, Object b) {
        if (a == null || b == null || a instanceof Boolean || b instanceof Boolean || a == Undefined.INSTANCE) {
            return a == b || (a instanceof Boolean && a.equals(b));
        }
        return a == b || (a.getClass() == b.getClass() && !(a instanceof List) && !(a instanceof Map) && a.equals(b));
    }

    private static long integer(Object value, String test) {
        if (!Values.isIntegral(value)) {
            throw TemplateException.render("test '" + test + "' expects an integer, not " + Values.typeName(value));
        }
        return Values.toLong(value);
    }

    static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }

    static boolean apply(String name, Object value, Arguments arguments) {
        BiPredicate<Object, Arguments> test = BY_NAME.get(name);
        if (test == null) {
            throw TemplateException.render("unknown test '" + name + "'");
        }
        return test.test(value, arguments);
    }
}
