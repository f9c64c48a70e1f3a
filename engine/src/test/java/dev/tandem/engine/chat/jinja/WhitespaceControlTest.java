package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The lexer's handling of whitespace: {@code -}/{@code +} markers, trim_blocks, lstrip_blocks, comments, raw. */
class WhitespaceControlTest {

    @Test
    void minusStripsAllWhitespaceOnThatSideOfTheTag() {
        assertRenders("abc", "a  {%- if true -%}  b  {%- endif -%}  c");
        assertRenders("abc", "a\n  {{- \"b\" -}}  \nc");
        assertRenders("ab", "a {#- c -#} b");
    }

    @Test
    void trimBlocksAndLstripBlocksRemoveTheLinesOfBlockTags() {
        assertRenders("line1\n    inside\nline2", "line1\n    {% if true %}\n    inside\n    {% endif %}\nline2");
        assertRenders("  - 1\n  - 2\ndone", "{% for i in [1, 2] %}\n  - {{ i }}\n{% endfor %}\ndone");
        assertRenders("x\ny", "{# comment #}\nx\n  {# indented comment #}\ny");
    }

    @Test
    void lstripBlocksOnlyAppliesWhenTheTagStartsTheLine() {
        assertRenders("x v   kept", "x {{ \"v\" }}   {% if true %}kept{% endif %}");
    }

    @Test
    void plusDisablesLstripAndTrimForThatTag() {
        assertRenders("a\n  b\nc", "a\n  {%+ if true %}b{% endif +%}\nc");
    }

    @Test
    void jinjaDefaultsKeepTheWhitespace() {
        Template template = Template.compile("t", "line1\n    {% if true %}\n    inside\n    {% endif %}\nline2",
                WhitespaceOptions.JINJA_DEFAULTS);
        assertEquals("line1\n    \n    inside\n    \nline2", template.render(Map.of()));
        Template loop = Template.compile("t", "{% for i in [1, 2] %}\n  - {{ i }}\n{% endfor %}\ndone",
                WhitespaceOptions.JINJA_DEFAULTS);
        assertEquals("\n  - 1\n\n  - 2\n\ndone", loop.render(Map.of()));
    }

    @Test
    void newlinesAreNormalizedAndOneTrailingNewlineDropped() {
        assertRenders("A\nB\nC", "A\r\nB\rC\n");
        assertRenders("only one trailing newline is dropped\n", "only one trailing newline is dropped\n\n");
    }

    @Test
    void rawBlocksAreNotInterpreted() {
        assertRenders("{{ kept }} {% if %}", "{% raw %}{{ kept }} {% if %}{% endraw %}");
        assertRenders("x {{ y }} z", "x {% raw -%}  {{ y }}  {%- endraw %} z");
    }

    @Test
    void tagEndsInsideBracketsDoNotCloseTheTag() {
        assertRenders("{'a': {'b': '}}'}}", "{{ {\"a\": {\"b\": \"}}\"}} }}");
    }
}
