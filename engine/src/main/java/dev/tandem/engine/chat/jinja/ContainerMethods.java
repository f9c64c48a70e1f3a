package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Python {@code dict} methods ({@code items keys values get copy}) and {@code list} methods ({@code index count}).
 * Mutating methods ({@code append}, {@code update}...) are refused, as in transformers' immutable sandbox.
 */
final class ContainerMethods {

    static final Set<String> DICT_METHODS = Set.of("items", "keys", "values", "get", "copy",
            "update", "pop", "popitem", "setdefault", "clear");
    static final Set<String> LIST_METHODS = Set.of("index", "count", "copy",
            "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse");
    static final Set<String> TUPLE_METHODS = Set.of("index", "count");
    private static final Set<String> MUTATING = Set.of("update", "pop", "popitem", "setdefault", "clear",
            "append", "extend", "insert", "remove", "sort", "reverse");

    private ContainerMethods() {
    }

    static Object callDictMethod(Map<?, ?> map, String method, Arguments args) {
        refuseMutation("dict", method);
        String name = "dict." + method + "()";
        return switch (method) {
            case "items" -> {
                args.bind(name);
                List<Object> pairs = new ArrayList<>(map.size());
                map.forEach((k, v) -> pairs.add(Tuple.of(k, v)));
                yield pairs;
            }
            case "keys" -> {
                args.bind(name);
                yield new ArrayList<Object>(map.keySet());
            }
            case "values" -> {
                args.bind(name);
                yield new ArrayList<Object>(map.values());
            }
            case "get" -> {
                Arguments.Bound a = args.bind(name, "key", "default");
                Object key = a.required(0);
                yield map.containsKey(key) ? map.get(key) : a.get(1, null);
            }
            case "copy" -> {
                args.bind(name);
                yield new LinkedHashMap<Object, Object>(map);
            }
            default -> throw TemplateException.render("'dict' object has no attribute '" + method + "'");
        };
    }

    static Object callListMethod(List<?> list, String method, Arguments args) {
        String type = list instanceof Tuple ? "tuple" : "list";
        refuseMutation(type, method);
        String name = type + "." + method + "()";
        return switch (method) {
            case "index" -> {
                Object item = args.bind(name, "value").required(0);
                for (int i = 0; i < list.size(); i++) {
                    if (Operators.equal(list.get(i), item)) {
                        yield (long) i;
                    }
                }
                throw TemplateException.render(PythonText.repr(item) + " is not in " + type);
            }
            case "count" -> {
                Object item = args.bind(name, "value").required(0);
                yield list.stream().filter(x -> Operators.equal(x, item)).count();
            }
            case "copy" -> {
                args.bind(name);
                yield new ArrayList<Object>(list);
            }
            default -> throw TemplateException.render("'" + type + "' object has no attribute '" + method + "'");
        };
    }

    private static void refuseMutation(String type, String method) {
        if (MUTATING.contains(method)) {
            throw TemplateException.render(type + "." + method + "() is not allowed: chat templates render in an"
                    + " immutable sandbox, as in transformers (use a namespace or the + operator instead)");
        }
    }
}
