package dev.tandem.engine.chat.jinja;

import java.util.HashMap;
import java.util.Map;

/** The built-in filters by name: text filters, sequence filters and value filters together. */
final class Filters {

    private static final Map<String, Filter> BY_NAME = build();

    private Filters() {
    }

    private static Map<String, Filter> build() {
        Map<String, Filter> filters = new HashMap<>();
        TextFilters.register(filters);
        SequenceFilters.register(filters);
        ValueFilters.register(filters);
        return Map.copyOf(filters);
    }

    static boolean exists(String name) {
        return BY_NAME.containsKey(name);
    }

    static Object apply(String name, Object value, Arguments arguments) {
        Filter filter = BY_NAME.get(name);
        if (filter == null) {
            throw TemplateException.render("unknown filter '" + name + "'");
        }
        return filter.apply(value, arguments);
    }
}
