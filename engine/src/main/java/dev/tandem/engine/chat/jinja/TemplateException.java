package dev.tandem.engine.chat.jinja;

/**
 * A template that cannot be compiled or rendered. The message names the template, the line and column
 * (1-based) and the problem, e.g. {@code "chat_template line 3, column 12: unknown filter 'shout'"}.
 * A message raised by the template itself ({@code raise_exception("...")}, kind {@link Kind#RAISED}) is
 * kept verbatim, since it is meant for the person who sent the request; its position is still available.
 */
public final class TemplateException extends RuntimeException {

    /** Where the problem comes from. */
    public enum Kind {
        /** The template source is malformed (found while compiling). */
        SYNTAX,
        /** An operation failed while rendering (type error, undefined value used in arithmetic...). */
        RENDER,
        /** The template called {@code raise_exception(message)}: usually the request breaks its rules. */
        RAISED
    }

    private final Kind kind;
    private final String detail;
    private final String templateName;
    private final int line;
    private final int column;

    private TemplateException(Kind kind, String detail, String templateName, int line, int column) {
        super(format(kind, detail, templateName, line, column));
        this.kind = kind;
        this.detail = detail;
        this.templateName = templateName;
        this.line = line;
        this.column = column;
    }

    /** A rendering error whose position is not known yet; the evaluator adds it. */
    public static TemplateException render(String detail) {
        return new TemplateException(Kind.RENDER, detail, null, 0, 0);
    }

    /** The error {@code raise_exception(message)} throws. */
    public static TemplateException raised(String message) {
        return new TemplateException(Kind.RAISED, message, null, 0, 0);
    }

    static TemplateException syntax(String detail, String templateName, Position position) {
        return new TemplateException(Kind.SYNTAX, detail, templateName, position.line(), position.column());
    }

    /** This error located at {@code position}, unless it already carries a position. */
    TemplateException locatedAt(String name, Position position) {
        return hasPosition() ? this : new TemplateException(kind, detail, name, position.line(), position.column());
    }

    public Kind kind() {
        return kind;
    }

    /** The problem without template name and position. */
    public String detail() {
        return detail;
    }

    /** 1-based line in the template source, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column in the template source, 0 when unknown. */
    public int column() {
        return column;
    }

    public boolean hasPosition() {
        return line > 0;
    }

    /** The template's name as given to {@link Template#compile(String, String, WhitespaceOptions)}, or null. */
    public String templateName() {
        return templateName;
    }

    private static String format(Kind kind, String detail, String templateName, int line, int column) {
        if (kind == Kind.RAISED || line <= 0) {
            return detail;
        }
        return "%s line %d, column %d: %s".formatted(templateName == null ? "template" : templateName, line, column, detail);
    }
}
