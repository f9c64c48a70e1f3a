package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Jinja's global functions available to every template: {@code range}, {@code namespace}, {@code dict}. */
final class BuiltinGlobals {

    /** The sandbox's limit on {@code range} lengths (Jinja's {@code MAX_RANGE}). */
    static final long MAX_RANGE = 100_000;

    private BuiltinGlobals() {
    }

    static void install(Scope scope) {
        scope.set("range", (TemplateFunction) BuiltinGlobals::range);
        scope.set("namespace", (TemplateFunction) arguments -> new Namespace(stringKeys(dict(arguments, "namespace"))));
        scope.set("dict", (TemplateFunction) arguments -> dict(arguments, "dict"));
    }

    /** Python's {@code range(stop)} / {@code range(start, stop[, step])} as a list. */
    private static Object range(Arguments arguments) {
        if (!arguments.keywords().isEmpty()) {
            throw TemplateException.render("range() takes no keyword arguments");
        }
        List<Object> args = arguments.positional();
        if (args.isEmpty() || args.size() > 3) {
            throw TemplateException.render("range expected 1 to 3 arguments, got " + args.size());
        }
        for (Object arg : args) {
            if (!Values.isIntegral(arg)) {
                throw TemplateException.render("range() arguments must be integers, not " + Values.typeName(arg));
            }
        }
        long start = args.size() == 1 ? 0 : Values.toLong(args.get(0));
        long stop = Values.toLong(args.get(args.size() == 1 ? 0 : 1));
        long step = args.size() == 3 ? Values.toLong(args.get(2)) : 1;
        if (step == 0) {
            throw TemplateException.render("range() arg 3 must not be zero");
        }
        long count = step > 0 ? Math.max(0, Math.ceilDiv(stop - start, step)) : Math.max(0, Math.ceilDiv(start - stop, -step));
        if (count > MAX_RANGE) {
            throw TemplateException.render("range too big: the sandbox blocks ranges longer than " + MAX_RANGE);
        }
        List<Object> values = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            values.add(start + i * step);
        }
        return values;
    }

    /** Python's {@code dict(mapping_or_pairs, **keywords)}. */
    private static Map<Object, Object> dict(Arguments arguments, String function) {
        if (arguments.positional().size() > 1) {
            throw TemplateException.render(function + "() takes at most 1 positional argument");
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        if (!arguments.positional().isEmpty()) {
            Object source = arguments.positional().getFirst();
            if (source instanceof Map<?, ?> map) {
                result.putAll(map);
            } else {
                for (Object pair : Values.iterate(source)) {
                    List<Object> kv = Values.iterate(pair);
                    if (kv.size() != 2) {
                        throw TemplateException.render(function + "(): each element must be a key/value pair");
                    }
                    result.put(kv.get(0), kv.get(1));
                }
            }
        }
        result.putAll(arguments.keywords());
        return result;
    }

    private static Map<String, Object> stringKeys(Map<Object, Object> map) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        map.forEach((k, v) -> attributes.put(PythonText.str(k), v));
        return attributes;
    }
}
