package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;

/** The {@code is} tests, with Python's type rules (a bool is a number but not an integer). */
class BuiltinTestsTest {

    @Test
    void definedAndNone() {
        assertRenders("True False True True True",
                "{{ x is defined }} {{ missing is defined }} {{ missing is undefined }} {{ none is none }} {{ x is not none }}", "x", 0L);
    }

    @Test
    void typeTests() {
        assertRenders("True False True True True False",
                "{{ \"a\" is string }} {{ 1 is string }} {{ 1 is number }} {{ 1.5 is number }} {{ true is number }} {{ \"1\" is number }}");
        assertRenders("True False False True True False",
                "{{ 1 is integer }} {{ true is integer }} {{ 1.0 is integer }} {{ 1.0 is float }} {{ true is boolean }} {{ 1 is boolean }}");
        assertRenders("True False True True False True True False",
                "{{ {} is mapping }} {{ [] is mapping }} {{ [] is iterable }} {{ \"\" is iterable }} {{ 1 is iterable }}"
                        + " {{ [] is sequence }} {{ \"x\" is sequence }} {{ 1 is sequence }}");
        assertRenders("True False True True False",
                "{{ range is callable }} {{ \"x\" is callable }} {{ \"upper\" is filter }} {{ \"odd\" is test }} {{ \"nope\" is filter }}");
    }

    @Test
    void valueTests() {
        assertRenders("True False True False True True True",
                "{{ true is true }} {{ 1 is true }} {{ false is false }} {{ 0 is false }} {{ 3 is odd }} {{ 4 is even }} {{ -3 is odd }}");
        assertRenders("True True True True True True",
                "{{ 2 is in [1, 2] }} {{ \"b\" is in \"abc\" }} {{ 5 is not in [1] }} {{ none is sameas none }}"
                        + " {{ \"lower\" is lower }} {{ \"UP\" is upper }}");
    }

    @Test
    void comparisonTestsTakeArgumentsWithOrWithoutParentheses() {
        assertRenders("True False True False True False False True False",
                "{{ 4 is divisibleby 2 }} {{ 10 is divisibleby(3) }} {{ 4 is eq 4 }} {{ 4 is equalto(5) }} {{ 3 is gt 2 }}"
                        + " {{ 3 is lt(2) }} {{ 3 is ne 3 }} {{ 3 is ge 3 }} {{ 3 is le 2 }}");
    }

    @Test
    void testsCombineWithBooleanOperators() {
        assertRenders("yes", "{% if flag is defined and flag is false %}yes{% endif %}", "flag", false);
        assertRenders("", "{% if flag is defined and flag is false %}yes{% endif %}");
    }
}
