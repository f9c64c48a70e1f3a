package dev.tandem.engine.chat.jinja;

/** A place in the template source: 1-based line and column. */
record Position(int line, int column) {
}
