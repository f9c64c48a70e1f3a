package dev.tandem.engine.chat.jinja;

/**
 * The value of a missing variable, attribute, key or index, with the semantics of Jinja's default
 * {@code Undefined}: prints as nothing, is falsy, iterates as empty, has length 0, equals only itself and
 * fails {@code is defined}. Unlike Jinja, reading an attribute or item of an undefined value gives undefined
 * again instead of an error, so templates that test {@code message.tool_calls is defined} keep working on
 * any shape of message; arithmetic on it is still an error.
 */
public enum Undefined {
    INSTANCE;

    @Override
    public String toString() {
        return "";
    }
}
