package dev.tandem.engine.chat.jinja;

/**
 * Jinja's environment settings that change the text around tags.
 *
 * @param trimBlocks   remove the first newline after a block or comment tag ({@code %}} / {@code #}})
 * @param lstripBlocks remove spaces and tabs from the start of a line up to a block or comment tag
 */
public record WhitespaceOptions(boolean trimBlocks, boolean lstripBlocks) {

    /** What Hugging Face transformers uses for chat templates: both on. */
    public static final WhitespaceOptions TRANSFORMERS = new WhitespaceOptions(true, true);

    /** Jinja's defaults: both off. */
    public static final WhitespaceOptions JINJA_DEFAULTS = new WhitespaceOptions(false, false);
}
