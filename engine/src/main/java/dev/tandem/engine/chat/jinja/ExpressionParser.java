package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses expressions with Jinja2's precedence, loosest first: conditional {@code x if c else y}, {@code or},
 * {@code and}, {@code not}, comparisons and {@code in}, {@code + -}, {@code ~}, {@code * / // %}, {@code **}
 * (left-associative, as in Jinja), unary {@code - +}, then primaries with {@code .attr}, {@code [item]},
 * calls, {@code |filter} and {@code is test}. Unknown filters and tests are reported here, at compile time.
 */
final class ExpressionParser {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final TokenStream tokens;

    ExpressionParser(TokenStream tokens) {
        this.tokens = tokens;
    }

    Expr parseExpression() {
        return parseExpression(true);
    }

    Expr parseExpression(boolean withConditional) {
        return withConditional ? parseConditional() : parseOr();
    }

    /** An expression, or a tuple when commas follow ({@code {{ a, b }}}, {@code set x = 1, 2}). */
    Expr parseTuple(boolean withConditional, boolean explicitParentheses, Set<String> endNames) {
        Position position = tokens.current().position();
        List<Expr> items = new ArrayList<>();
        boolean isTuple = false;
        while (true) {
            if (!items.isEmpty()) {
                tokens.expectOperator(",");
            }
            if (isTupleEnd(endNames)) {
                break;
            }
            items.add(parseExpression(withConditional));
            if (!tokens.current().isOperator(",")) {
                break;
            }
            isTuple = true;
        }
        if (!isTuple) {
            if (!items.isEmpty()) {
                return items.getFirst();
            }
            if (!explicitParentheses) {
                throw tokens.unexpected("an expression");
            }
        }
        return new Expr.TupleLiteral(position, List.copyOf(items));
    }

    private boolean isTupleEnd(Set<String> endNames) {
        Token t = tokens.current();
        return t.kind() == Token.Kind.VARIABLE_END || t.kind() == Token.Kind.BLOCK_END || t.isOperator(")")
                || (t.kind() == Token.Kind.NAME && endNames.contains(t.text()));
    }

    private Expr parseConditional() {
        Expr expr = parseOr();
        while (tokens.current().isName("if")) {
            Position position = tokens.next().position();
            Expr condition = parseOr();
            Expr orElse = tokens.skipName("else") ? parseConditional() : null;
            expr = new Expr.Conditional(position, condition, expr, orElse);
        }
        return expr;
    }

    private Expr parseOr() {
        Expr left = parseAnd();
        while (tokens.current().isName("or")) {
            Position position = tokens.next().position();
            left = new Expr.Binary(position, "or", left, parseAnd());
        }
        return left;
    }

    private Expr parseAnd() {
        Expr left = parseNot();
        while (tokens.current().isName("and")) {
            Position position = tokens.next().position();
            left = new Expr.Binary(position, "and", left, parseNot());
        }
        return left;
    }

    private Expr parseNot() {
        if (tokens.current().isName("not")) {
            Position position = tokens.next().position();
            return new Expr.Unary(position, "not", parseNot());
        }
        return parseCompare();
    }

    private Expr parseCompare() {
        Position position = tokens.current().position();
        Expr first = parseAdditive();
        List<String> operators = new ArrayList<>();
        List<Expr> operands = new ArrayList<>();
        while (true) {
            Token t = tokens.current();
            if (t.kind() == Token.Kind.OPERATOR && COMPARISONS.contains(t.text())) {
                operators.add(tokens.next().text());
            } else if (t.isName("in")) {
                tokens.next();
                operators.add("in");
            } else if (t.isName("not") && tokens.peek().isName("in")) {
                tokens.next();
                tokens.next();
                operators.add("not in");
            } else {
                break;
            }
            operands.add(parseAdditive());
        }
        return operators.isEmpty() ? first : new Expr.Compare(position, first, List.copyOf(operators), List.copyOf(operands));
    }

    private Expr parseAdditive() {
        Expr left = parseConcat();
        while (tokens.current().isOperator("+") || tokens.current().isOperator("-")) {
            Token op = tokens.next();
            left = new Expr.Binary(op.position(), op.text(), left, parseConcat());
        }
        return left;
    }

    private Expr parseConcat() {
        Expr left = parseMultiplicative();
        while (tokens.current().isOperator("~")) {
            Token op = tokens.next();
            left = new Expr.Binary(op.position(), "~", left, parseMultiplicative());
        }
        return left;
    }

    private Expr parseMultiplicative() {
        Expr left = parsePower();
        while (Set.of("*", "/", "//", "%").contains(tokens.current().text())
                && tokens.current().kind() == Token.Kind.OPERATOR) {
            Token op = tokens.next();
            left = new Expr.Binary(op.position(), op.text(), left, parsePower());
        }
        return left;
    }

    private Expr parsePower() {
        Expr left = parseUnary(true);
        while (tokens.current().isOperator("**")) {
            Token op = tokens.next();
            left = new Expr.Binary(op.position(), "**", left, parseUnary(true));
        }
        return left;
    }

    private Expr parseUnary(boolean withFilters) {
        Token t = tokens.current();
        Expr node;
        if (t.isOperator("-") || t.isOperator("+")) {
            tokens.next();
            node = new Expr.Unary(t.position(), t.text(), parseUnary(false));
        } else {
            node = parsePrimary();
        }
        node = parsePostfix(node);
        return withFilters ? parseFilterExpression(node) : node;
    }

    private Expr parsePrimary() {
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
                    Expr inner = parseTuple(true, true, Set.of());
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
            items.add(parseExpression());
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
            keys.add(parseExpression());
            tokens.expectOperator(":");
            values.add(parseExpression());
        }
        tokens.expectOperator("}");
        return new Expr.DictLiteral(position, List.copyOf(keys), List.copyOf(values));
    }

    private Expr parsePostfix(Expr node) {
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
            start = parseExpression();
            if (tokens.current().isOperator(",")) {
                List<Expr> items = new ArrayList<>(List.of(start));
                while (tokens.skipOperator(",") && !tokens.current().isOperator("]")) {
                    items.add(parseExpression());
                }
                start = new Expr.TupleLiteral(start.position(), List.copyOf(items));
            }
            if (!tokens.current().isOperator(":")) {
                tokens.expectOperator("]");
                return new Expr.Item(position, target, start);
            }
        }
        tokens.expectOperator(":");
        Expr stop = tokens.current().isOperator(":") || tokens.current().isOperator("]") ? null : parseExpression();
        Expr step = null;
        if (tokens.skipOperator(":") && !tokens.current().isOperator("]")) {
            step = parseExpression();
        }
        tokens.expectOperator("]");
        return new Expr.Slice(position, target, start, stop, step);
    }

    private Expr parseFilterExpression(Expr node) {
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
        if (!Tests.exists(name)) {
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
                keywords.add(new Expr.Keyword(name, parseExpression()));
            } else {
                if (!keywords.isEmpty()) {
                    throw tokens.error("positional argument follows keyword argument");
                }
                positional.add(parseExpression());
            }
        }
        tokens.expectOperator(")");
        return new Expr.CallArguments(List.copyOf(positional), List.copyOf(keywords));
    }
}
