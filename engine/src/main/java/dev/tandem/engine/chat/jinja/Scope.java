package dev.tandem.engine.chat.jinja;

import java.util.HashMap;
import java.util.Map;

/**
 * Variables visible at one point of a render. Each {@code for} iteration and each macro call opens a child
 * scope, so a {@code set} inside them is not seen outside (Jinja's rule; a namespace carries values out).
 */
final class Scope {

    private final Scope parent;
    private final Map<String, Object> variables = new HashMap<>();

    Scope(Scope parent) {
        this.parent = parent;
    }

    /** The variable's value, or {@link Undefined#INSTANCE} when no enclosing scope defines it. */
    Object lookup(String name) {
        for (Scope scope = this; scope != null; scope = scope.parent) {
            Object value = scope.variables.get(name);
            if (value != null || scope.variables.containsKey(name)) {
                return value;
            }
        }
        return Undefined.INSTANCE;
    }

    void set(String name, Object value) {
        variables.put(name, value);
    }

    Scope child() {
        return new Scope(this);
    }
}
