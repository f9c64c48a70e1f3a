package dev.tandem.engine.chat.jinja;

import java.util.List;

/** A cursor over the lexer's tokens, with the expectations the parsers need. */
final class TokenStream {

    private final List<Token> tokens;
    private final String templateName;
    private int index;

    TokenStream(List<Token> tokens, String templateName) {
        this.tokens = tokens;
        this.templateName = templateName;
    }

    Token current() {
        return tokens.get(index);
    }

    Token peek() {
        return tokens.get(Math.min(index + 1, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(index);
        if (index < tokens.size() - 1) {
            index++;
        }
        return token;
    }

    boolean skipOperator(String op) {
        if (current().isOperator(op)) {
            next();
            return true;
        }
        return false;
    }

    boolean skipName(String name) {
        if (current().isName(name)) {
            next();
            return true;
        }
        return false;
    }

    Token expectOperator(String op) {
        if (!current().isOperator(op)) {
            throw unexpected("'" + op + "'");
        }
        return next();
    }

    Token expect(Token.Kind kind, String what) {
        if (current().kind() != kind) {
            throw unexpected(what);
        }
        return next();
    }

    String expectName() {
        return expect(Token.Kind.NAME, "a name").text();
    }

    TemplateException unexpected(String expected) {
        return error("expected " + expected + ", got " + current().describe());
    }

    TemplateException error(String message) {
        return error(message, current().position());
    }

    TemplateException error(String message, Position position) {
        return TemplateException.syntax(message, templateName, position);
    }
}
