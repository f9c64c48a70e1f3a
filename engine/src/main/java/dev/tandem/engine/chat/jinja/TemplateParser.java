package dev.tandem.engine.chat.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the statement tree: text, {@code {{ }}} output and the block tags {@code if/elif/else}, {@code for}
 * (with {@code if} filter and {@code else}), {@code set} (plain, tuple, namespace attribute, block),
 * {@code macro}, {@code call}, {@code filter}, {@code break}/{@code continue} and transformers'
 * {@code generation} marker (rendered as its body).
 */
final class TemplateParser {

    /** An open block tag, for "expected 'endfor'" style messages. */
    private record OpenBlock(String tag, Position position) {
    }

    private static final Set<String> UNSUPPORTED = Set.of("include", "import", "from", "extends", "block", "do", "with");

    private final TokenStream tokens;
    private final ExpressionParser expressions;
    private final Deque<OpenBlock> openBlocks = new ArrayDeque<>();
    private int loopDepth;

    private TemplateParser(List<Token> tokens, String templateName) {
        this.tokens = new TokenStream(tokens, templateName);
        this.expressions = new ExpressionParser(this.tokens);
    }

    static List<Node> parse(List<Token> tokens, String templateName) {
        TemplateParser parser = new TemplateParser(tokens, templateName);
        return parser.parseBody(Set.of());
    }

    /**
     * Parses nodes until a block tag whose name is in {@code endTags}; returns with the stream on that name.
     * With no end tags, parses to the end of the template.
     */
    private List<Node> parseBody(Set<String> endTags) {
        List<Node> nodes = new ArrayList<>();
        while (true) {
            Token t = tokens.current();
            switch (t.kind()) {
                case TEXT -> nodes.add(new Node.Text(tokens.next().text()));
                case VARIABLE_BEGIN -> {
                    tokens.next();
                    nodes.add(new Node.Output(expressions.parseTuple(true, false, Set.of())));
                    tokens.expect(Token.Kind.VARIABLE_END, "'}}'");
                }
                case BLOCK_BEGIN -> {
                    tokens.next();
                    Token name = tokens.current();
                    if (name.kind() == Token.Kind.NAME && endTags.contains(name.text())) {
                        return nodes;
                    }
                    parseStatement(nodes, endTags);
                }
                case END_OF_TEMPLATE -> {
                    if (!endTags.isEmpty()) {
                        throw tokens.error("unexpected end of template, expected " + describe(endTags) + closing());
                    }
                    return nodes;
                }
                default -> throw tokens.unexpected("template text or a tag");
            }
        }
    }

    private void parseStatement(List<Node> into, Set<String> endTags) {
        Token tag = tokens.current();
        if (tag.kind() != Token.Kind.NAME) {
            throw tokens.unexpected("a tag name");
        }
        Position position = tag.position();
        switch (tag.text()) {
            case "if" -> into.add(parseIf());
            case "for" -> into.add(parseFor(position));
            case "set" -> into.add(parseSet(position));
            case "macro" -> into.add(parseMacro(position));
            case "call" -> into.add(parseCallBlock(position));
            case "filter" -> into.add(parseFilterBlock(position));
            case "generation" -> {
                tokens.next();
                endOfTag();
                into.addAll(parseBlockBody("generation", position, Set.of("endgeneration")));
                closeBlock();
            }
            case "break", "continue" -> {
                if (loopDepth == 0) {
                    throw tokens.error("'" + tag.text() + "' outside of a for loop");
                }
                tokens.next();
                endOfTag();
                into.add(tag.text().equals("break") ? new Node.Break() : new Node.Continue());
            }
            default -> {
                if (UNSUPPORTED.contains(tag.text())) {
                    throw tokens.error("the '" + tag.text() + "' tag is not supported in chat templates");
                }
                String hint = endTags.isEmpty() ? "" : ", expected " + describe(endTags) + closing();
                throw tokens.error("unknown tag '" + tag.text() + "'" + hint);
            }
        }
    }

    private Node parseIf() {
        List<Node.Branch> branches = new ArrayList<>();
        Position start = tokens.next().position();
        while (true) {
            Expr condition = expressions.parseTuple(false, false, Set.of());
            endOfTag();
            List<Node> body = parseBlockBody("if", start, Set.of("elif", "else", "endif"));
            branches.add(new Node.Branch(condition, body));
            String next = tokens.next().text();
            if (next.equals("elif")) {
                continue;
            }
            List<Node> orElse = List.of();
            if (next.equals("else")) {
                endOfTag();
                orElse = parseBlockBody("if", start, Set.of("endif"));
                tokens.next();
            }
            endOfTag();
            return new Node.If(List.copyOf(branches), orElse);
        }
    }

    private Node parseFor(Position position) {
        tokens.next();
        Node.Target target = parseTarget(false);
        if (!tokens.skipName("in")) {
            throw tokens.unexpected("'in'");
        }
        Expr iterable = expressions.parseTuple(false, false, Set.of("if", "recursive"));
        Expr condition = tokens.skipName("if") ? expressions.parseExpression() : null;
        if (tokens.current().isName("recursive")) {
            throw tokens.error("recursive for loops are not supported");
        }
        endOfTag();
        loopDepth++;
        List<Node> body = parseBlockBody("for", position, Set.of("endfor", "else"));
        loopDepth--;
        List<Node> orElse = List.of();
        if (tokens.next().text().equals("else")) {
            endOfTag();
            orElse = parseBlockBody("for", position, Set.of("endfor"));
            tokens.next();
        }
        endOfTag();
        return new Node.For(position, target, iterable, condition, body, orElse);
    }

    private Node parseSet(Position position) {
        tokens.next();
        Node.Target target = parseTarget(true);
        if (tokens.skipOperator("=")) {
            Expr value = expressions.parseTuple(true, false, Set.of());
            endOfTag();
            return new Node.Set(position, target, value);
        }
        List<Expr.Filter> filters = parseFilterChain();
        endOfTag();
        List<Node> body = parseBlockBody("set", position, Set.of("endset"));
        tokens.next();
        endOfTag();
        return new Node.SetBlock(position, target, filters, body);
    }

    /** {@code a}, {@code a, b}, {@code (a, b)} or, where allowed, {@code ns.attr}. */
    private Node.Target parseTarget(boolean allowNamespace) {
        boolean parenthesized = tokens.skipOperator("(");
        String first = tokens.expectName();
        if (allowNamespace && !parenthesized && tokens.skipOperator(".")) {
            return new Node.Target.NamespaceAttribute(first, tokens.expectName());
        }
        List<String> names = new ArrayList<>(List.of(first));
        while (tokens.skipOperator(",")) {
            if (tokens.current().kind() != Token.Kind.NAME || tokens.current().isName("in")) {
                break;
            }
            names.add(tokens.expectName());
        }
        if (parenthesized) {
            tokens.expectOperator(")");
        }
        boolean unpack = names.size() > 1 || parenthesized;
        return unpack ? new Node.Target.Unpack(List.copyOf(names)) : new Node.Target.Name(first);
    }

    private Node parseMacro(Position position) {
        tokens.next();
        String name = tokens.expectName();
        List<Node.Parameter> parameters = parseParameters();
        endOfTag();
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Node> body = parseBlockBody("macro", position, Set.of("endmacro"));
        loopDepth = outerLoops;
        tokens.next();
        tokens.skipName(name);
        endOfTag();
        return new Node.Macro(position, name, parameters, body);
    }

    private List<Node.Parameter> parseParameters() {
        tokens.expectOperator("(");
        List<Node.Parameter> parameters = new ArrayList<>();
        while (!tokens.current().isOperator(")")) {
            if (!parameters.isEmpty()) {
                tokens.expectOperator(",");
            }
            String name = tokens.expectName();
            Expr defaultValue = tokens.skipOperator("=") ? expressions.parseExpression() : null;
            if (defaultValue == null && !parameters.isEmpty() && parameters.getLast().defaultValue() != null) {
                throw tokens.error("parameter '" + name + "' without a default follows one with a default");
            }
            parameters.add(new Node.Parameter(name, defaultValue));
        }
        tokens.expectOperator(")");
        return List.copyOf(parameters);
    }

    private Node parseCallBlock(Position position) {
        tokens.next();
        List<Node.Parameter> callerParameters = tokens.current().isOperator("(") ? parseParameters() : List.of();
        Expr call = expressions.parseExpression();
        if (!(call instanceof Expr.Call macroCall)) {
            throw tokens.error("'call' expects a macro call such as {% call my_macro(x) %}", call.position());
        }
        endOfTag();
        int outerLoops = loopDepth;
        loopDepth = 0;
        List<Node> body = parseBlockBody("call", position, Set.of("endcall"));
        loopDepth = outerLoops;
        tokens.next();
        endOfTag();
        return new Node.CallBlock(position, macroCall, callerParameters, body);
    }

    private Node parseFilterBlock(Position position) {
        tokens.next();
        List<Expr.Filter> filters = new ArrayList<>();
        filters.add(expressions.parseFilter(null));
        filters.addAll(parseFilterChain());
        endOfTag();
        List<Node> body = parseBlockBody("filter", position, Set.of("endfilter"));
        tokens.next();
        endOfTag();
        return new Node.FilterBlock(position, List.copyOf(filters), body);
    }

    private List<Expr.Filter> parseFilterChain() {
        List<Expr.Filter> filters = new ArrayList<>();
        while (tokens.skipOperator("|")) {
            filters.add(expressions.parseFilter(null));
        }
        return List.copyOf(filters);
    }

    private List<Node> parseBlockBody(String tag, Position position, Set<String> endTags) {
        openBlocks.push(new OpenBlock(tag, position));
        List<Node> body = parseBody(endTags);
        openBlocks.pop();
        return List.copyOf(body);
    }

    private void closeBlock() {
        tokens.next();
        endOfTag();
    }

    private void endOfTag() {
        tokens.expect(Token.Kind.BLOCK_END, "'%}'");
    }

    private String closing() {
        OpenBlock open = openBlocks.peek();
        return open == null ? "" : " (to close the '%s' at line %d)".formatted(open.tag(), open.position().line());
    }

    private static String describe(Set<String> tags) {
        return tags.stream().sorted().map(t -> "'" + t + "'").collect(Collectors.joining(" or "));
    }
}
