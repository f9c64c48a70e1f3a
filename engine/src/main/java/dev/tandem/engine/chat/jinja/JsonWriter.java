package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps} as transformers' {@code tojson} filter calls it: separators {@code ", "} and
 * {@code ": "} ({@code ","} between items when indenting), keys in insertion order unless sorted, non-ASCII
 * kept as is unless {@code ensure_ascii}, floats as Python's repr, {@code NaN}/{@code Infinity}.
 */
final class JsonWriter {

    private final String indent;
    private final String itemSeparator;
    private final String keySeparator;
    private final boolean sortKeys;
    private final boolean ensureAscii;
    private final StringBuilder out = new StringBuilder();

    /**
     * @param indent        null for one line, otherwise the text repeated once per nesting level
     * @param itemSeparator null for Python's default ({@code ", "}, or {@code ","} with an indent)
     * @param keySeparator  null for {@code ": "}
     */
    JsonWriter(String indent, String itemSeparator, String keySeparator, boolean sortKeys, boolean ensureAscii) {
        this.indent = indent;
        this.itemSeparator = itemSeparator != null ? itemSeparator : indent != null ? "," : ", ";
        this.keySeparator = keySeparator != null ? keySeparator : ": ";
        this.sortKeys = sortKeys;
        this.ensureAscii = ensureAscii;
    }

    /** {@code json.dumps(value, ensure_ascii=False)}. */
    static String toJson(Object value) {
        return new JsonWriter(null, null, null, false, false).write(value);
    }

    String write(Object value) {
        out.setLength(0);
        writeValue(value, 0);
        return out.toString();
    }

    private void writeValue(Object value, int depth) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Long l -> out.append(l);
            case Double d -> out.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity")
                    : PythonText.floatRepr(d));
            case String s -> writeString(s);
            case List<?> list -> writeList(list, depth);
            case Map<?, ?> map -> writeMap(map, depth);
            default -> throw TemplateException.render("Object of type " + Values.typeName(value) + " is not JSON serializable");
        }
    }

    private void writeList(List<?> list, int depth) {
        if (list.isEmpty()) {
            out.append("[]");
            return;
        }
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
            separate(i, depth + 1);
            writeValue(list.get(i), depth + 1);
        }
        newline(depth);
        out.append(']');
    }

    private void writeMap(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        List<Object> keys = new ArrayList<>(map.keySet());
        if (sortKeys) {
            keys.sort((a, b) -> Operators.compare(key(a), key(b), "<"));
        }
        out.append('{');
        for (int i = 0; i < keys.size(); i++) {
            separate(i, depth + 1);
            writeString(key(keys.get(i)));
            out.append(keySeparator);
            writeValue(map.get(keys.get(i)), depth + 1);
        }
        newline(depth);
        out.append('}');
    }

    private void separate(int index, int depth) {
        if (index > 0) {
            out.append(itemSeparator);
        }
        newline(depth);
    }

    private void newline(int depth) {
        if (indent != null) {
            out.append('\n').append(indent.repeat(depth));
        }
    }

    /** JSON object keys as Python converts them: strings as is, numbers, true/false/null spelled in JSON. */
    private static String key(Object key) {
        return switch (key) {
            case String s -> s;
            case null -> "null";
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> PythonText.floatRepr(d);
            default -> throw TemplateException.render("keys must be str, int, float, bool or None, not " + Values.typeName(key));
        };
    }

    private void writeString(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || (ensureAscii && c > 0x7e)) {
                        out.append("\\u%04x".formatted((int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
