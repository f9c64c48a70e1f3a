package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Filters on sequences and mappings: {@code length count first last list join reverse unique sort dictsort
 * items map select reject selectattr rejectattr sum min max}.
 */
final class SequenceFilters {

    private SequenceFilters() {
    }

    static void register(Map<String, Filter> filters) {
        filters.put("length", (v, a) -> noArguments(a, "length", Values.length(v)));
        filters.put("count", (v, a) -> noArguments(a, "count", Values.length(v)));
        filters.put("list", (v, a) -> noArguments(a, "list", Values.iterate(v)));
        filters.put("first", (v, a) -> {
            List<Object> items = Values.iterate(noArguments(a, "first", v));
            return items.isEmpty() ? Undefined.INSTANCE : items.getFirst();
        });
        filters.put("last", (v, a) -> {
            List<Object> items = Values.iterate(noArguments(a, "last", v));
            return items.isEmpty() ? Undefined.INSTANCE : items.getLast();
        });
        filters.put("join", SequenceFilters::join);
        filters.put("reverse", (v, a) -> {
            noArguments(a, "reverse", v);
            if (v instanceof String s) {
                return new StringBuilder(s).reverse().toString();
            }
            List<Object> items = Values.iterate(v);
            Collections.reverse(items);
            return items;
        });
        filters.put("unique", SequenceFilters::unique);
        filters.put("sort", SequenceFilters::sort);
        filters.put("dictsort", SequenceFilters::dictsort);
        filters.put("items", (v, a) -> {
            noArguments(a, "items", v);
            if (v == Undefined.INSTANCE) {
                return List.of();
            }
            if (!(v instanceof Map<?, ?> map)) {
                throw TemplateException.render("items filter: can only get item pairs from a mapping, not " + Values.typeName(v));
            }
            return ContainerMethods.callDictMethod(map, "items", Arguments.NONE);
        });
        filters.put("map", SequenceFilters::map);
        filters.put("select", (v, a) -> select(v, a, "select", false, true));
        filters.put("reject", (v, a) -> select(v, a, "reject", false, false));
        filters.put("selectattr", (v, a) -> select(v, a, "selectattr", true, true));
        filters.put("rejectattr", (v, a) -> select(v, a, "rejectattr", true, false));
        filters.put("sum", (v, a) -> {
            Arguments.Bound b = a.bind("sum", "attribute", "start");
            Object total = b.get(1, 0L);
            for (Object item : Values.iterate(v)) {
                total = Operators.binary("+", total, b.isPresent(0) ? Access.path(item, PythonText.str(b.get(0, null))) : item);
            }
            return total;
        });
        filters.put("min", (v, a) -> extreme(v, a, "min", -1));
        filters.put("max", (v, a) -> extreme(v, a, "max", 1));
    }

    private static <T> T noArguments(Arguments arguments, String filter, T value) {
        arguments.bind(filter);
        return value;
    }

    private static Object join(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("join", "d", "attribute");
        String separator = PythonText.str(a.get(0, ""));
        StringBuilder out = new StringBuilder();
        List<Object> items = Values.iterate(value);
        for (int i = 0; i < items.size(); i++) {
            Object item = a.isPresent(1) ? Access.path(items.get(i), PythonText.str(a.get(1, null))) : items.get(i);
            out.append(i == 0 ? "" : separator).append(PythonText.str(item));
        }
        return out.toString();
    }

    /** The sort key: the item or its attribute, lower-cased when strings compare case-insensitively. */
    private static Object sortKey(Object item, String attribute, boolean caseSensitive) {
        Object key = attribute == null ? item : Access.path(item, attribute);
        return !caseSensitive && key instanceof String s ? s.toLowerCase(Locale.ROOT) : key;
    }

    private static Object unique(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("unique", "case_sensitive", "attribute");
        boolean caseSensitive = a.flag(0, false);
        String attribute = a.string(1, null);
        List<Object> seen = new ArrayList<>();
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(value)) {
            Object key = sortKey(item, attribute, caseSensitive);
            if (seen.stream().noneMatch(k -> Operators.equal(k, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return out;
    }

    private static Object sort(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("sort", "reverse", "case_sensitive", "attribute");
        boolean caseSensitive = a.flag(1, false);
        String attribute = a.string(2, null);
        Comparator<Object> order = (x, y) -> Operators.compare(
                sortKey(x, attribute, caseSensitive), sortKey(y, attribute, caseSensitive), "<");
        List<Object> items = Values.iterate(value);
        items.sort(a.flag(0, false) ? order.reversed() : order);
        return items;
    }

    private static Object dictsort(Object value, Arguments arguments) {
        Arguments.Bound a = arguments.bind("dictsort", "case_sensitive", "by", "reverse");
        boolean caseSensitive = a.flag(0, false);
        String by = a.string(1, "key");
        if (!by.equals("key") && !by.equals("value")) {
            throw TemplateException.render("dictsort: 'by' must be 'key' or 'value'");
        }
        int position = by.equals("key") ? 0 : 1;
        if (!(value instanceof Map<?, ?> map)) {
            throw TemplateException.render("dictsort expects a mapping, not " + Values.typeName(value));
        }
        @SuppressWarnings("unchecked")
        List<Object> pairs = (List<Object>) ContainerMethods.callDictMethod(map, "items", Arguments.NONE);
        Comparator<Object> order = (x, y) -> Operators.compare(
                sortKey(((Tuple) x).get(position), null, caseSensitive), sortKey(((Tuple) y).get(position), null, caseSensitive), "<");
        pairs.sort(a.flag(2, false) ? order.reversed() : order);
        return pairs;
    }

    /** {@code map(attribute='x', default=...)} or {@code map('filter', args...)}. */
    private static Object map(Object value, Arguments arguments) {
        List<Object> out = new ArrayList<>();
        if (arguments.keywords().containsKey("attribute")) {
            Arguments.Bound a = arguments.bind("map", "attribute", "default");
            String attribute = PythonText.str(a.required(0));
            for (Object item : Values.iterate(value)) {
                Object picked = Access.path(item, attribute);
                out.add(picked == Undefined.INSTANCE && a.isPresent(1) ? a.get(1, null) : picked);
            }
            return out;
        }
        if (arguments.positional().isEmpty() || !(arguments.positional().getFirst() instanceof String filter)) {
            throw TemplateException.render("map expects a filter name or attribute=...");
        }
        Arguments rest = new Arguments(arguments.positional().subList(1, arguments.positional().size()), arguments.keywords());
        for (Object item : Values.iterate(value)) {
            out.add(Filters.apply(filter, item, rest));
        }
        return out;
    }

    /** {@code select}/{@code reject} ({@code byAttribute} false) and {@code selectattr}/{@code rejectattr}. */
    private static Object select(Object value, Arguments arguments, String filter, boolean byAttribute, boolean keep) {
        List<Object> args = arguments.positional();
        int next = 0;
        String attribute = null;
        if (byAttribute) {
            if (args.isEmpty()) {
                throw TemplateException.render(filter + " needs an attribute name");
            }
            attribute = PythonText.str(args.get(next++));
        }
        String test = next < args.size() ? PythonText.str(args.get(next++)) : null;
        Arguments testArguments = new Arguments(args.subList(next, args.size()), arguments.keywords());
        List<Object> out = new ArrayList<>();
        for (Object item : Values.iterate(value)) {
            Object subject = attribute == null ? item : Access.path(item, attribute);
            boolean passed = test == null ? Values.isTruthy(subject) : BuiltinTests.apply(test, subject, testArguments);
            if (passed == keep) {
                out.add(item);
            }
        }
        return out;
    }

    private static Object extreme(Object value, Arguments arguments, String filter, int sign) {
        Arguments.Bound a = arguments.bind(filter, "case_sensitive", "attribute");
        boolean caseSensitive = a.flag(0, false);
        String attribute = a.string(1, null);
        Object best = Undefined.INSTANCE;
        for (Object item : Values.iterate(value)) {
            if (best == Undefined.INSTANCE || sign * Operators.compare(sortKey(item, attribute, caseSensitive),
                    sortKey(best, attribute, caseSensitive), "<") > 0) {
                best = item;
            }
        }
        return best;
    }
}
