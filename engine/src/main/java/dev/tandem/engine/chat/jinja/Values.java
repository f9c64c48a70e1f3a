package dev.tandem.engine.chat.jinja;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's value model and Python's rules for it. Values are plain Java objects: {@code String},
 * {@code Long}, {@code Double}, {@code Boolean}, {@code null} (None), {@code List<Object>} ({@link Tuple} for
 * tuples), insertion-ordered {@code Map<Object, Object>}, plus {@link Namespace}, {@link Undefined} and
 * {@link TemplateFunction}.
 */
public final class Values {

    private Values() {
    }

    /**
     * Converts caller data to template values, deeply: other integer types become {@code Long}, {@code Float}
     * and {@code BigDecimal} become {@code Double}, maps are copied in iteration order, collections and arrays
     * become lists, Jackson {@link JsonNode}s are converted by type.
     *
     * @throws IllegalArgumentException for a type templates cannot use
     */
    public static Object fromJava(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big -> big.bitLength() < 64 ? (Object) big.longValue() : (Object) big.doubleValue();
            case Number n -> n.doubleValue();
            case Character c -> c.toString();
            case JsonNode json -> fromJson(json);
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(fromJava(k), fromJava(v)));
                yield copy;
            }
            case Collection<?> items -> {
                List<Object> copy = new ArrayList<>(items.size());
                items.forEach(item -> copy.add(fromJava(item)));
                yield items instanceof Tuple ? new Tuple(copy) : copy;
            }
            case Object[] array -> fromJava(List.of(array));
            case Namespace ns -> ns;
            case Undefined u -> u;
            case TemplateFunction f -> f;
            default -> throw new IllegalArgumentException(
                    "cannot pass a " + value.getClass().getName() + " to a template (use strings, numbers, booleans, lists, maps or JsonNode)");
        };
    }

    /** Converts JSON: objects to insertion-ordered maps, arrays to lists, integral numbers to Long where they fit. */
    public static Object fromJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isObject()) {
            Map<Object, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), fromJson(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>(node.size());
            node.forEach(item -> list.add(fromJson(item)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : (Object) node.doubleValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        return node.asText();
    }

    /** Python's {@code str(value)}, which is how {@code {{ value }}} prints: {@code None}, {@code True}, {@code [1, 'a']}. */
    public static String str(Object value) {
        return PythonText.str(value);
    }

    /** Python's {@code bool(value)}. */
    public static boolean isTruthy(Object value) {
        return switch (value) {
            case null -> false;
            case Undefined u -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0.0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Python's name for the value's type, for error messages. */
    public static String typeName(Object value) {
        return switch (value) {
            case null -> "NoneType";
            case Undefined u -> "Undefined";
            case Boolean b -> "bool";
            case Long l -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Namespace n -> "Namespace";
            case LoopState l -> "LoopContext";
            case TemplateFunction f -> "function";
            default -> value.getClass().getSimpleName();
        };
    }

    /** Integers and booleans (Python's bool is an int). */
    static boolean isIntegral(Object value) {
        return value instanceof Long || value instanceof Boolean;
    }

    static boolean isNumeric(Object value) {
        return isIntegral(value) || value instanceof Double;
    }

    static long toLong(Object value) {
        return value instanceof Boolean b ? (b ? 1 : 0) : (Long) value;
    }

    static double toDouble(Object value) {
        return value instanceof Double d ? d : toLong(value);
    }

    /** Python's {@code iter(value)} collected: list items, string characters, mapping keys; undefined is empty. */
    static List<Object> iterate(Object value) {
        return switch (value) {
            case Undefined u -> List.of();
            case List<?> list -> new ArrayList<>(list);
            case Map<?, ?> map -> new ArrayList<>(map.keySet());
            case String s -> new ArrayList<>(PythonStrings.characters(s));
            case null, default -> throw TemplateException.render("'" + typeName(value) + "' object is not iterable");
        };
    }

    static boolean isIterable(Object value) {
        return value instanceof Undefined || value instanceof List || value instanceof Map || value instanceof String;
    }

    /** Python's {@code len(value)}; undefined has length 0. */
    static long length(Object value) {
        return switch (value) {
            case Undefined u -> 0;
            case String s -> PythonStrings.length(s);
            case List<?> list -> list.size();
            case Map<?, ?> map -> map.size();
            case null, default -> throw TemplateException.render("object of type '" + typeName(value) + "' has no len()");
        };
    }
}
