package dev.tandem.engine.chat.jinja;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object {@code namespace(...)} creates: attributes that {@code {% set ns.name = value %}} can change
 * from inside loops, the one way a Jinja template carries state out of a loop body.
 */
public final class Namespace {

    private final Map<String, Object> attributes = new LinkedHashMap<>();

    Namespace(Map<String, Object> initial) {
        attributes.putAll(initial);
    }

    /** The attribute's value, or {@link Undefined#INSTANCE} when it was never set. */
    public Object get(String name) {
        return attributes.containsKey(name) ? attributes.get(name) : Undefined.INSTANCE;
    }

    void set(String name, Object value) {
        attributes.put(name, value);
    }

    Map<String, Object> attributes() {
        return attributes;
    }
}
