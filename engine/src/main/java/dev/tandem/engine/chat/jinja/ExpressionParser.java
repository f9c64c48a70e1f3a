package dev.tandem.engine.chat.jinja;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses expressions with Jinja2's precedence, loosest first: conditional {@code x if c else y}, {@code or},
 * {@code and}, {@code not}, comparisons and {@code in}, {@code + -}, {@code ~}, {@code * / // %}, {@code **}
 * (left-associative, as in Jinja), unary {@code - +}; the operands themselves are {@link OperandParser}'s.
 */
final class ExpressionParser {

    private static final Set<String> COMPARISONS = Set.of("==", "!=", "<", ">", "<=", ">=");

    private final TokenStream tokens;
    private final OperandParser operands;

    ExpressionParser(TokenStream tokens) {
        this.tokens = tokens;
        this.operands = new OperandParser(tokens, this);
    }

    /** One filter after its {@code |}; value is null in filter blocks. */
    Expr.Filter parseFilter(Expr value) {
        return operands.parseFilter(value);
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
            node = operands.parsePrimary();
        }
        node = operands.parsePostfix(node);
        return withFilters ? operands.parseFilterExpression(node) : node;
    }
}
