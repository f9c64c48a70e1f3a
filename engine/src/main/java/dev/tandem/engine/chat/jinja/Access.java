package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Jinja's {@code obj.name}, {@code obj[key]} and {@code obj[a:b:c]}: attribute lookup tries Python attributes
 * (methods) before mapping keys, item lookup the reverse; whatever is missing is {@link Undefined}.
 */
final class Access {

    private Access() {
    }

    static Object attribute(Object target, String name) {
        return switch (target) {
            case Map<?, ?> map -> ContainerMethods.DICT_METHODS.contains(name) ? new BoundMethod(map, name)
                    : map.containsKey(name) ? map.get(name) : Undefined.INSTANCE;
            case String s -> StringMethods.NAMES.contains(name) ? new BoundMethod(s, name) : Undefined.INSTANCE;
            case Tuple tuple -> ContainerMethods.TUPLE_METHODS.contains(name) ? new BoundMethod(tuple, name) : Undefined.INSTANCE;
            case List<?> list -> ContainerMethods.LIST_METHODS.contains(name) ? new BoundMethod(list, name) : Undefined.INSTANCE;
            case Namespace ns -> ns.get(name);
            case LoopState loop -> loop.attribute(name);
            case null, default -> Undefined.INSTANCE;
        };
    }

    /** Python's {@code getattr} alone, without the item fallback (Jinja's {@code attr} filter): methods only on dicts. */
    static Object pythonAttribute(Object target, String name) {
        return target instanceof Map<?, ?> map
                ? (ContainerMethods.DICT_METHODS.contains(name) ? new BoundMethod(map, name) : Undefined.INSTANCE)
                : attribute(target, name);
    }

    static Object item(Object target, Object key) {
        switch (target) {
            case Map<?, ?> map -> {
                if (map.containsKey(key)) {
                    return map.get(key);
                }
            }
            case List<?> list when Values.isIntegral(key) -> {
                long index = Values.toLong(key);
                long resolved = index < 0 ? index + list.size() : index;
                return resolved >= 0 && resolved < list.size() ? list.get((int) resolved) : Undefined.INSTANCE;
            }
            case String s when Values.isIntegral(key) -> {
                List<String> chars = PythonStrings.characters(s);
                long index = Values.toLong(key);
                long resolved = index < 0 ? index + chars.size() : index;
                return resolved >= 0 && resolved < chars.size() ? chars.get((int) resolved) : Undefined.INSTANCE;
            }
            case null, default -> {
            }
        }
        return key instanceof String name ? attribute(target, name) : Undefined.INSTANCE;
    }

    /** Python slicing of strings, lists and tuples; anything else gives undefined, as in Jinja. */
    static Object slice(Object target, Object start, Object stop, Object step) {
        long stride = bound(step, 1);
        if (stride == 0) {
            throw TemplateException.render("slice step cannot be zero");
        }
        List<?> items = switch (target) {
            case String s -> PythonStrings.characters(s);
            case List<?> list -> list;
            case null, default -> null;
        };
        if (items == null) {
            return Undefined.INSTANCE;
        }
        long length = items.size();
        long lower = stride > 0 ? 0 : -1;
        long upper = stride > 0 ? length : length - 1;
        long from = clamp(start, stride > 0 ? lower : upper, length, lower, upper);
        long to = clamp(stop, stride > 0 ? upper : lower, length, lower, upper);
        List<Object> picked = new ArrayList<>();
        for (long i = from; stride > 0 ? i < to : i > to; i += stride) {
            picked.add(items.get((int) i));
        }
        if (target instanceof String) {
            return String.join("", picked.stream().map(String.class::cast).toList());
        }
        return target instanceof Tuple ? new Tuple(picked) : picked;
    }

    private static long clamp(Object index, long absent, long length, long lower, long upper) {
        if (index == null || index == Undefined.INSTANCE) {
            return absent;
        }
        long i = bound(index, 0);
        if (i < 0) {
            i += length;
        }
        return Math.max(lower, Math.min(upper, i));
    }

    private static long bound(Object value, long absent) {
        if (value == null || value == Undefined.INSTANCE) {
            return absent;
        }
        if (!Values.isIntegral(value)) {
            throw TemplateException.render("slice indices must be integers or None, not " + Values.typeName(value));
        }
        return Values.toLong(value);
    }

    /**
     * Follows a dotted path such as {@code "function.name"} or {@code "0.id"} (Jinja's attribute getter for
     * {@code map}, {@code sort}, {@code selectattr}...): integer parts index, others look up by item.
     */
    static Object path(Object target, String dottedPath) {
        Object value = target;
        for (String part : dottedPath.split("\\.", -1)) {
            Object key = part.chars().allMatch(Character::isDigit) && !part.isEmpty() ? (Object) Long.parseLong(part) : part;
            value = item(value, key);
        }
        return value;
    }
}
