package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.json;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.renderError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Errors name the template, line and column, and the problem in Python's or Jinja's words. */
class ErrorReportingTest {

    private static TemplateException compileError(String source) {
        return assertThrows(TemplateException.class, () -> Template.compile("chat_template", source, WhitespaceOptions.TRANSFORMERS));
    }

    @Test
    void unknownFilterIsASyntaxErrorAtItsPosition() {
        TemplateException e = compileError("line one\n\n  {{ name|shout }}");
        assertEquals(TemplateException.Kind.SYNTAX, e.kind());
        assertEquals(3, e.line());
        assertEquals(11, e.column());
        assertEquals("chat_template line 3, column 11: unknown filter 'shout'", e.getMessage());
    }

    @Test
    void unknownTestAndTag() {
        assertEquals("chat_template line 1, column 9: unknown test 'shiny'", compileError("{{ x is shiny }}").getMessage());
        assertEquals("chat_template line 1, column 20: unknown tag 'endif', expected 'else' or 'endfor' (to close the 'for' at line 1)",
                compileError("{% for x in y %}{% endif %}").getMessage());
        assertEquals("chat_template line 1, column 4: the 'include' tag is not supported in chat templates",
                compileError("{% include 'other.jinja' %}").getMessage());
    }

    @Test
    void unclosedBlocksNameTheOpeningLine() {
        assertEquals("chat_template line 3, column 2: unexpected end of template, expected 'elif' or 'else' or 'endif'"
                        + " (to close the 'if' at line 2)",
                compileError("{% for m in messages %}\n{% if m %}\nx").getMessage());
    }

    @Test
    void lexicalErrors() {
        assertEquals("chat_template line 1, column 4: unterminated string literal", compileError("{{ 'abc }}").getMessage());
        assertEquals("chat_template line 1, column 7: unexpected '}', expected ')'", compileError("{{ (1 }}").getMessage());
        assertEquals("chat_template line 1, column 1: missing end of comment tag '#}'", compileError("{# never closed").getMessage());
        assertEquals("chat_template line 1, column 12: expected an expression, got '%}'", compileError("{% set x = %}").getMessage());
    }

    @Test
    void loopControlsOutsideLoops() {
        assertEquals("chat_template line 1, column 4: 'break' outside of a for loop", compileError("{% break %}").getMessage());
    }

    @Test
    void undefinedValuesInArithmeticAreNamed() {
        TemplateException e = renderError("{% for message in messages %}\n{{ message.content + '!' }}{% endfor %}",
                "messages", json("[{\"role\": \"user\"}]"));
        assertEquals(TemplateException.Kind.RENDER, e.kind());
        assertEquals("template line 2, column 20: 'message.content' is undefined (used with '+')", e.getMessage());
    }

    @Test
    void typeErrorsUsePythonsWording() {
        assertEquals("template line 1, column 8: can only concatenate str (not \"NoneType\") to str",
                renderError("{{ 'a' + content }}", "content", null).getMessage());
        assertEquals("template line 1, column 13: 'int' object is not iterable", renderError("{% for x in 5 %}{% endfor %}").getMessage());
        assertEquals("template line 1, column 6: division by zero", renderError("{{ 1 / 0 }}").getMessage());
        assertEquals("template line 1, column 4: '<' not supported between instances of 'int' and 'str'",
                renderError("{{ 1 < 'a' }}").getMessage());
        assertEquals("template line 1, column 15: 'str' object has no attribute 'shout'",
                renderError("{{ 'abc'.shout() }}").getMessage());
        assertEquals("template line 1, column 10: 'helper' is undefined", renderError("{{ helper() }}").getMessage());
    }

    @Test
    void assignmentErrors() {
        assertEquals("template line 1, column 4: cannot assign attribute 'y' on 'x': it is not a namespace() object",
                renderError("{% set x.y = 1 %}").getMessage());
        assertEquals("template line 1, column 4: not enough values to unpack (expected 2, got 1)",
                renderError("{% for a, b in [[1]] %}{% endfor %}").getMessage());
    }

    @Test
    void functionArgumentErrors() {
        assertEquals("template line 1, column 8: join takes at most 2 arguments (3 given)",
                renderError("{{ [1]|join(1, 2, 3) }}").getMessage());
        assertEquals("template line 1, column 15: tojson got an unexpected keyword argument 'bad'",
                renderError("{{ {\"a\": 1} | tojson(bad=1) }}").getMessage());
    }

    @Test
    void sandboxLimits() {
        assertEquals("template line 1, column 9: range too big: the sandbox blocks ranges longer than 100000",
                renderError("{{ range(1000000)|length }}").getMessage());
        TemplateException recursion = renderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}");
        assertEquals("macro 'f' recursed deeper than 200 calls", recursion.detail());
    }

    @Test
    void raisedErrorsKeepTheTemplatesMessageVerbatim() {
        Template template = Template.compile("{% if messages[0].role == 'system' %}\n"
                + "  {{ raise_exception('System role not supported') }}\n{% endif %}");
        TemplateFunction raise = arguments -> {
            throw TemplateException.raised((String) arguments.positional().getFirst());
        };
        TemplateException e = assertThrows(TemplateException.class, () -> template.render(
                Map.of("messages", json("[{\"role\": \"system\"}]"), "raise_exception", raise)));
        assertEquals(TemplateException.Kind.RAISED, e.kind());
        assertEquals("System role not supported", e.getMessage());
        assertEquals(2, e.line());
    }
}
