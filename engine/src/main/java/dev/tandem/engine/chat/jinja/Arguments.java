package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluated arguments of a call: positional values in order and keyword values by name (insertion-ordered).
 * {@link #bind} matches them to a parameter list the way Python does.
 */
public record Arguments(List<Object> positional, Map<String, Object> keywords) {

    public static final Arguments NONE = new Arguments(List.of(), Map.of());

    private static final Object ABSENT = new Object();

    public Arguments {
        positional = Collections.unmodifiableList(new ArrayList<>(positional));
        keywords = Collections.unmodifiableMap(new LinkedHashMap<>(keywords));
    }

    public static Arguments of(Object... positional) {
        return new Arguments(Arrays.asList(positional), Map.of());
    }

    /**
     * Matches the arguments to {@code parameters} by position, then by keyword.
     *
     * @throws TemplateException naming {@code function} for too many positional arguments, an unknown keyword
     *                           or an argument given twice
     */
    public Bound bind(String function, String... parameters) {
        if (positional.size() > parameters.length) {
            throw TemplateException.render("%s takes at most %d argument%s (%d given)"
                    .formatted(function, parameters.length, parameters.length == 1 ? "" : "s", positional.size()));
        }
        Object[] values = new Object[parameters.length];
        Arrays.fill(values, ABSENT);
        for (int i = 0; i < positional.size(); i++) {
            values[i] = positional.get(i);
        }
        keywords.forEach((name, value) -> {
            int index = List.of(parameters).indexOf(name);
            if (index < 0) {
                throw TemplateException.render(function + " got an unexpected keyword argument '" + name + "'");
            }
            if (values[index] != ABSENT) {
                throw TemplateException.render(function + " got multiple values for argument '" + name + "'");
            }
            values[index] = value;
        });
        return new Bound(function, parameters, values);
    }

    /** Arguments matched to named parameters; read them by parameter index. */
    public static final class Bound {
        private final String function;
        private final String[] parameters;
        private final Object[] values;

        private Bound(String function, String[] parameters, Object[] values) {
            this.function = function;
            this.parameters = parameters;
            this.values = values;
        }

        public boolean isPresent(int index) {
            return values[index] != ABSENT;
        }

        /** The argument, or {@code fallback} when it was not given. */
        public Object get(int index, Object fallback) {
            return isPresent(index) ? values[index] : fallback;
        }

        public Object required(int index) {
            if (!isPresent(index)) {
                throw TemplateException.render(function + " missing required argument '" + parameters[index] + "'");
            }
            return values[index];
        }

        /** A string argument (given as a string), or {@code fallback} when absent or none. */
        public String string(int index, String fallback) {
            Object value = get(index, fallback);
            if (value == null || value == Undefined.INSTANCE) {
                return fallback;
            }
            if (!(value instanceof String s)) {
                throw TemplateException.render("%s argument '%s' must be a string, not %s"
                        .formatted(function, parameters[index], Values.typeName(value)));
            }
            return s;
        }

        /** An integer argument, or {@code fallback} when absent or none. */
        public long integer(int index, long fallback) {
            Object value = get(index, null);
            if (value == null || value == Undefined.INSTANCE) {
                return fallback;
            }
            if (value instanceof Long || value instanceof Boolean) {
                return Values.toLong(value);
            }
            throw TemplateException.render("%s argument '%s' must be an integer, not %s"
                    .formatted(function, parameters[index], Values.typeName(value)));
        }

        public boolean flag(int index, boolean fallback) {
            return isPresent(index) ? Values.isTruthy(values[index]) : fallback;
        }
    }
}
