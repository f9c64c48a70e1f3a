package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the operands of expressions: literals (strings, numbers, lists, dicts, tuples), names, and what
 * follows them: {@code .attr}, {@code [item]} and slices, calls, {@code |filter(args)} and
 * {@code is [not] test args}. Unknown filters and tests are reported here, at compile time.
 */
final class OperandParser {

    private final TokenStream tokens;
    private final ExpressionParser expressions;

    OperandParser(TokenStream tokens, ExpressionParser expressions) {
        this.tokens = tokens;
        this.expressions = expressions;
    }

    Expr parsePrimary() {
        Token t = tokens.current();
        Position position = t.position();
        switch (t.kind()) {
            case NAME -> {
                tokens.next();
                return switch (t.text()) {
                    case "true", "True" -> new Expr.Literal(position, Boolean.TRUE);
                    case "false", "False" -> new Expr.Literal(position, Boolean.FALSE);
                    case "none", "None" -> new Expr.Literal(position, null);
                    default -> new Expr.Name(position, t.text());
                };
            }
            case STRING -> {
                StringBuilder text = new StringBuilder();
                while (tokens.current().kind() == Token.Kind.STRING) {
                    text.append(tokens.next().text());
                }
                return new Expr.Literal(position, text.toString());
            }
            case INTEGER -> {
                tokens.next();
                try {
                    return new Expr.Literal(position, Long.parseLong(t.text()));
                } catch (NumberFormatException e) {
                    throw tokens.error("integer literal out of range: " + t.text(), position);
                }
            }
            case FLOAT -> {
                tokens.next();
                return new Expr.Literal(position, Double.parseDouble(t.text()));
            }
            default -> {
                if (tokens.skipOperator("(")) {
                    Expr inner = expressions.parseTuple(true, true, Set.of());
                    tokens.expectOperator(")");
                    return inner;
                }
                if (tokens.skipOperator("[")) {
                    return new Expr.ListLiteral(position, parseItems("]"));
                }
                if (tokens.skipOperator("{")) {
                    return parseDict(position);
                }
                throw tokens.unexpected("an expression");
            }
        }
    }

    private List<Expr> parseItems(String close) {
        List<Expr> items = new ArrayList<>();
        while (!tokens.current().isOperator(close)) {
            if (!items.isEmpty()) {
                tokens.expectOperator(",");
                if (tokens.current().isOperator(close)) {
                    break;
                }
            }
            items.add(expressions.parseExpression());
        }
        tokens.expectOperator(close);
        return List.copyOf(items);
    }

    private Expr parseDict(Position position) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        while (!tokens.current().isOperator("}")) {
            if (!keys.isEmpty()) {
                tokens.expectOperator(",");
                if (tokens.current().isOperator("}")) {
                    break;
                }
            }
            keys.add(expressions.parseExpression());
            tokens.expectOperator(":");
            values.add(expressions.parseExpression());
        }
        tokens.expectOperator("}");
        return new Expr.DictLiteral(position, List.copyOf(keys), List.copyOf(values));
    }

    Expr parsePostfix(Expr node) {
        while (true) {
            Token t = tokens.current();
            if (t.isOperator(".")) {
                tokens.next();
                Token member = tokens.current();
                if (member.kind() == Token.Kind.INTEGER) {
                    tokens.next();
                    node = new Expr.Item(t.position(), node, new Expr.Literal(member.position(), Long.parseLong(member.text())));
                } else {
                    node = new Expr.Attribute(t.position(), node, tokens.expectName());
                }
            } else if (t.isOperator("[")) {
                tokens.next();
                node = parseSubscript(t.position(), node);
            } else if (t.isOperator("(")) {
                node = new Expr.Call(t.position(), node, parseCallArguments());
            } else {
                return node;
            }
        }
    }

    private Expr parseSubscript(Position position, Expr target) {
        Expr start = null;
        if (!tokens.current().isOperator(":")) {
            start = expressions.parseExpression();
            if (tokens.current().isOperator(",")) {
                List<Expr> items = new ArrayList<>(List.of(start));
                while (tokens.skipOperator(",") && !tokens.current().isOperator("]")) {
                    items.add(expressions.parseExpression());
                }
                start = new Expr.TupleLiteral(start.position(), List.copyOf(items));
            }
            if (!tokens.current().isOperator(":")) {
                tokens.expectOperator("]");
                return new Expr.Item(position, target, start);
            }
        }
        tokens.expectOperator(":");
        Expr stop = tokens.current().isOperator(":") || tokens.current().isOperator("]") ? null : expressions.parseExpression();
        Expr step = null;
        if (tokens.skipOperator(":") && !tokens.current().isOperator("]")) {
            step = expressions.parseExpression();
        }
        tokens.expectOperator("]");
        return new Expr.Slice(position, target, start, stop, step);
    }

    Expr parseFilterExpression(Expr node) {
        while (true) {
            Token t = tokens.current();
            if (t.isOperator("|")) {
                tokens.next();
                node = parseFilter(node);
            } else if (t.isName("is")) {
                tokens.next();
                node = parseTest(node, t.position());
            } else if (t.isOperator("(")) {
                node = new Expr.Call(t.position(), node, parseCallArguments());
            } else {
                return node;
            }
        }
    }

    /** One filter after its {@code |}: {@code name} or {@code name(args)}; value is null in filter blocks. */
    Expr.Filter parseFilter(Expr value) {
        Position position = tokens.current().position();
        String name = tokens.expectName();
        if (!Filters.exists(name)) {
            throw tokens.error("unknown filter '" + name + "'", position);
        }
        Expr.CallArguments arguments = tokens.current().isOperator("(") ? parseCallArguments() : Expr.CallArguments.NONE;
        return new Expr.Filter(position, value, name, arguments);
    }

    private Expr parseTest(Expr value, Position position) {
        boolean negated = tokens.skipName("not");
        Position namePosition = tokens.current().position();
        String name = tokens.expectName();
        if (!BuiltinTests.exists(name)) {
            throw tokens.error("unknown test '" + name + "'", namePosition);
        }
        Token t = tokens.current();
        Expr.CallArguments arguments = Expr.CallArguments.NONE;
        if (t.isOperator("(")) {
            arguments = parseCallArguments();
        } else if (startsBareTestArgument(t)) {
            if (t.isName("is")) {
                throw tokens.error("cannot chain multiple tests with 'is'");
            }
            arguments = new Expr.CallArguments(List.of(parsePostfix(parsePrimary())), List.of());
        }
        return new Expr.Test(position, value, name, arguments, negated);
    }

    private static boolean startsBareTestArgument(Token t) {
        return switch (t.kind()) {
            case NAME -> !Set.of("else", "or", "and", "if").contains(t.text());
            case STRING, INTEGER, FLOAT -> true;
            case OPERATOR -> t.text().equals("[") || t.text().equals("{");
            default -> false;
        };
    }

    Expr.CallArguments parseCallArguments() {
        tokens.expectOperator("(");
        List<Expr> positional = new ArrayList<>();
        List<Expr.Keyword> keywords = new ArrayList<>();
        boolean first = true;
        while (!tokens.current().isOperator(")")) {
            if (!first) {
                tokens.expectOperator(",");
                if (tokens.current().isOperator(")")) {
                    break;
                }
            }
            first = false;
            if (tokens.current().isOperator("*") || tokens.current().isOperator("**")) {
                throw tokens.error("argument unpacking with * and ** is not supported");
            }
            if (tokens.current().kind() == Token.Kind.NAME && tokens.peek().isOperator("=")) {
                String name = tokens.next().text();
                tokens.next();
                keywords.add(new Expr.Keyword(name, expressions.parseExpression()));
            } else {
                if (!keywords.isEmpty()) {
                    throw tokens.error("positional argument follows keyword argument");
                }
                positional.add(expressions.parseExpression());
            }
        }
        tokens.expectOperator(")");
        return new Expr.CallArguments(List.copyOf(positional), List.copyOf(keywords));
    }
}
