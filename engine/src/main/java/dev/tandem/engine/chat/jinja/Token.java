package dev.tandem.engine.chat.jinja;

/**
 * One lexical unit of a template.
 *
 * @param text for {@link Kind#TEXT} the literal text, for {@link Kind#STRING} the decoded value, otherwise
 *             the source characters (a name, a number, an operator such as {@code "//"})
 */
record Token(Kind kind, String text, Position position) {

    enum Kind {
        TEXT, VARIABLE_BEGIN, VARIABLE_END, BLOCK_BEGIN, BLOCK_END,
        NAME, STRING, INTEGER, FLOAT, OPERATOR, END_OF_TEMPLATE
    }

    boolean is(Kind expected, String value) {
        return kind == expected && text.equals(value);
    }

    boolean isOperator(String op) {
        return is(Kind.OPERATOR, op);
    }

    boolean isName(String name) {
        return is(Kind.NAME, name);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END_OF_TEMPLATE -> "end of template";
            case VARIABLE_END -> "'}}'";
            case BLOCK_END -> "'%}'";
            case VARIABLE_BEGIN -> "'{{'";
            case BLOCK_BEGIN -> "'{%'";
            case TEXT -> "template text";
            case STRING -> "string literal";
            default -> "'" + text + "'";
        };
    }
}
