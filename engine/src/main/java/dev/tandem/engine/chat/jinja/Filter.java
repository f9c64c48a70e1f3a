package dev.tandem.engine.chat.jinja;

/** A built-in filter: {@code value | name(arguments)}. */
@FunctionalInterface
interface Filter {

    Object apply(Object value, Arguments arguments);
}
