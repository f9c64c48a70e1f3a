package dev.tandem.engine.chat.jinja;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits template source into text and tag tokens the way Jinja2 3.1's lexer does: newlines normalized to
 * {@code \n}, one trailing newline dropped, {@code -}/{@code +} whitespace control on tags, {@code trim_blocks},
 * {@code lstrip_blocks}, comments removed, {@code raw} blocks kept verbatim, and tag ends recognized only
 * when brackets inside the tag are balanced.
 */
final class Lexer {

    private static final List<String> OPERATORS = List.of(
            "**", "//", "==", "!=", ">=", "<=",
            "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";");
    private static final Pattern RAW_BEGIN = Pattern.compile("(?U)[-+]?\\s*raw\\s*(?:-%}\\s*|%})");

    private final String source;
    private final String templateName;
    private final WhitespaceOptions options;
    private final int[] lineStarts;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    /** Whether the text about to be read starts a line (Jinja's {@code line_starting}). */
    private boolean lineStarting = true;

    private Lexer(String source, String templateName, WhitespaceOptions options) {
        this.source = normalizeNewlines(source);
        this.templateName = templateName;
        this.options = options;
        this.lineStarts = lineStarts(this.source);
    }

    static List<Token> tokenize(String source, String templateName, WhitespaceOptions options) {
        Lexer lexer = new Lexer(source, templateName, options);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        while (pos < source.length()) {
            int start = nextTagStart(pos);
            if (start < 0) {
                addText(source.substring(pos), pos);
                break;
            }
            char kind = source.charAt(start + 1);
            char sign = start + 2 < source.length() ? source.charAt(start + 2) : 0;
            String text = source.substring(pos, start);
            if (sign == '-') {
                text = PythonStrings.rstrip(text, null);
            } else if (sign != '+' && kind != '{' && options.lstripBlocks()) {
                text = lstripBeforeBlock(text);
            }
            addText(text, pos);
            int afterOpen = start + 2 + (sign == '-' || sign == '+' ? 1 : 0);
            switch (kind) {
                case '#' -> skipComment(start, afterOpen);
                case '%' -> {
                    Matcher raw = RAW_BEGIN.matcher(source).region(start + 2, source.length());
                    if (raw.lookingAt()) {
                        readRaw(start, raw.end());
                    } else {
                        add(Token.Kind.BLOCK_BEGIN, "{%", start);
                        pos = afterOpen;
                        readTagContents(true);
                    }
                }
                default -> {
                    add(Token.Kind.VARIABLE_BEGIN, "{{", start);
                    pos = afterOpen;
                    readTagContents(false);
                }
            }
        }
        add(Token.Kind.END_OF_TEMPLATE, "", source.length());
    }

    private int nextTagStart(int from) {
        int i = source.indexOf('{', from);
        while (i >= 0 && i + 1 < source.length()) {
            char next = source.charAt(i + 1);
            if (next == '{' || next == '%' || next == '#') {
                return i;
            }
            i = source.indexOf('{', i + 1);
        }
        return -1;
    }

    /** lstrip_blocks: drop spaces and tabs between the start of the line and a block or comment tag. */
    private String lstripBeforeBlock(String text) {
        int lineStart = text.lastIndexOf('\n') + 1;
        if (lineStart > 0 || lineStarting) {
            boolean onlySpace = lineStart < text.length();
            for (int i = lineStart; i < text.length() && onlySpace; i++) {
                onlySpace = PythonStrings.isSpace(text.charAt(i));
            }
            if (onlySpace) {
                return text.substring(0, lineStart);
            }
        }
        return text;
    }

    private void skipComment(int start, int afterOpen) {
        int end = source.indexOf("#}", afterOpen);
        if (end < 0) {
            throw error("missing end of comment tag '#}'", start);
        }
        char before = source.charAt(end - 1);
        boolean hasSign = end - 1 >= afterOpen && (before == '-' || before == '+');
        pos = afterTagEnd(end + 2, hasSign ? before : 0, true);
    }

    private void readRaw(int start, int contentStart) {
        Matcher end = Pattern.compile("(?U)\\{%([-+]?)\\s*endraw\\s*(?:\\+%}|-%}\\s*|%}" + (options.trimBlocks() ? "\\n?" : "") + ")")
                .matcher(source);
        if (!end.find(contentStart)) {
            throw error("missing end of raw directive '{% endraw %}'", start);
        }
        String text = source.substring(contentStart, end.start());
        if (end.group(1).equals("-")) {
            text = PythonStrings.rstrip(text, null);
        } else if (end.group(1).isEmpty() && options.lstripBlocks()) {
            lineStarting = source.charAt(contentStart - 1) == '\n';
            text = lstripBeforeBlock(text);
        }
        addText(text, contentStart);
        pos = end.end();
        lineStarting = source.charAt(pos - 1) == '\n';
    }

    /** Reads names, literals and operators up to the closing {@code %}} or {@code }}}. */
    private void readTagContents(boolean block) {
        Deque<Character> brackets = new ArrayDeque<>();
        while (true) {
            if (pos >= source.length()) {
                throw error("unexpected end of template, expected " + (block ? "'%}'" : "'}}'"), pos);
            }
            if (brackets.isEmpty() && readTagEnd(block)) {
                return;
            }
            char c = source.charAt(pos);
            if (PythonStrings.isSpace(c)) {
                pos++;
            } else if (c >= '0' && c <= '9') {
                readNumber();
            } else if (c == '_' || Character.isLetter(c)) {
                int start = pos;
                while (pos < source.length() && (source.charAt(pos) == '_' || Character.isLetterOrDigit(source.charAt(pos)))) {
                    pos++;
                }
                add(Token.Kind.NAME, source.substring(start, pos), start);
            } else if (c == '\'' || c == '"') {
                readString(c);
            } else {
                readOperator(brackets);
            }
        }
    }

    private boolean readTagEnd(boolean block) {
        String close = block ? "%}" : "}}";
        int start = pos;
        char sign = source.charAt(pos);
        boolean signed = (sign == '-' || (block && sign == '+')) && source.startsWith(close, pos + 1);
        if (!signed && !source.startsWith(close, pos)) {
            return false;
        }
        add(block ? Token.Kind.BLOCK_END : Token.Kind.VARIABLE_END, close, start);
        pos = afterTagEnd(pos + (signed ? 1 : 0) + 2, signed ? sign : 0, block);
        return true;
    }

    /** Applies the end tag's whitespace control and returns where the following text starts. */
    private int afterTagEnd(int end, char sign, boolean blockOrComment) {
        int next = end;
        if (sign == '-') {
            while (next < source.length() && PythonStrings.isSpace(source.charAt(next))) {
                next++;
            }
        } else if (sign != '+' && blockOrComment && options.trimBlocks()
                && next < source.length() && source.charAt(next) == '\n') {
            next++;
        }
        lineStarting = source.charAt(next - 1) == '\n';
        return next;
    }

    private void readNumber() {
        boolean afterDot = !tokens.isEmpty() && tokens.getLast().isOperator(".");
        try {
            NumberScanner.Scanned number = NumberScanner.scan(source, pos, afterDot);
            add(number.kind(), number.text(), pos);
            pos = number.end();
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage(), pos);
        }
    }

    private void readString(char quote) {
        int start = pos;
        int i = pos + 1;
        while (i < source.length() && source.charAt(i) != quote) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= source.length()) {
            throw error("unterminated string literal", start);
        }
        try {
            add(Token.Kind.STRING, StringEscapes.decode(source.substring(start + 1, i)), start);
        } catch (TemplateException e) {
            throw error(e.detail(), start);
        }
        pos = i + 1;
    }

    private void readOperator(Deque<Character> brackets) {
        for (String op : OPERATORS) {
            if (source.startsWith(op, pos)) {
                char c = op.charAt(0);
                if (op.length() == 1 && "([{".indexOf(c) >= 0) {
                    brackets.push(c == '(' ? ')' : c == '[' ? ']' : '}');
                } else if (op.length() == 1 && ")]}".indexOf(c) >= 0) {
                    if (brackets.isEmpty()) {
                        throw error("unexpected '" + op + "'", pos);
                    }
                    char expected = brackets.pop();
                    if (expected != c) {
                        throw error("unexpected '" + op + "', expected '" + expected + "'", pos);
                    }
                }
                add(Token.Kind.OPERATOR, op, pos);
                pos += op.length();
                return;
            }
        }
        throw error("unexpected character '" + source.charAt(pos) + "'", pos);
    }

    private void addText(String text, int offset) {
        if (!text.isEmpty()) {
            add(Token.Kind.TEXT, text, offset);
        }
    }

    private void add(Token.Kind kind, String text, int offset) {
        tokens.add(new Token(kind, text, position(offset)));
    }

    private Position position(int offset) {
        int index = Arrays.binarySearch(lineStarts, offset);
        int line = index >= 0 ? index : -index - 2;
        return new Position(line + 1, offset - lineStarts[line] + 1);
    }

    private TemplateException error(String message, int offset) {
        return TemplateException.syntax(message, templateName, position(offset));
    }

    /** Jinja turns {@code \r\n} and {@code \r} into {@code \n} and drops one trailing newline. */
    private static String normalizeNewlines(String source) {
        String normalized = source.replace("\r\n", "\n").replace('\r', '\n');
        return normalized.endsWith("\n") ? normalized.substring(0, normalized.length() - 1) : normalized;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
