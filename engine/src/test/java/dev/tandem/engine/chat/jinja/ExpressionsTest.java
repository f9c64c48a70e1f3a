package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.json;

/** Literals, operators, precedence, access and printing, with Python's semantics. */
class ExpressionsTest {

    @Test
    void stringLiteralsDecodePythonEscapesAndConcatenate() {
        assertRenders("a\tb\n|it's|\u00e9AA\\d|concat",
                "{{ \"a\\tb\\n\" }}|{{ 'it\\'s' }}|{{ \"\\u00e9\\x41\\101\\d\" }}|{{ \"con\" \"cat\" }}");
    }

    @Test
    void scalarsPrintLikePython() {
        assertRenders("42 1000 31 1.5 1000.0 2.0 True False None None",
                "{{ 42 }} {{ 1_000 }} {{ 0x1F }} {{ 1.5 }} {{ 1e3 }} {{ 2.0 }} {{ true }} {{ False }} {{ none }} {{ None }}");
    }

    @Test
    void floatsPrintAsPythonRepr() {
        assertRenders("0.30000000000000004 1e+16 1000000000000000.0 0.0001 1e-05 -0.0 0.3333333333333333",
                "{{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1e15 }} {{ 0.0001 }} {{ 0.00001 }} {{ -0.0 }} {{ 1 / 3 }}");
    }

    @Test
    void containersPrintAsPythonReprs() {
        assertRenders("[1, 'a', 2.0, None, True] ('x',) (1, 2) () {'k': [1, {'n': None}]} [\"it's\", 't\\tt']",
                "{{ [1, \"a\", 2.0, none, true] }} {{ (\"x\",) }} {{ (1, 2) }} {{ () }} {{ {\"k\": [1, {\"n\": none}]} }}"
                        + " {{ [\"it's\", \"t\\tt\"] }}");
    }

    @Test
    void arithmeticFollowsPython() {
        assertRenders("9 -3 12 3.5 2.0 3 -4 2 1024 0.5 3.0 0.5",
                "{{ 7 + 2 }} {{ 7 - 10 }} {{ 3 * 4 }} {{ 7 / 2 }} {{ 4 / 2 }} {{ 7 // 2 }} {{ -7 // 2 }} {{ -7 % 3 }}"
                        + " {{ 2 ** 10 }} {{ 2 ** -1 }} {{ 7.5 // 2 }} {{ -7.5 % 2 }}");
    }

    @Test
    void precedenceFollowsJinja() {
        // Jinja's ** is left-associative: 2 ** 3 ** 2 == 64, and unary minus binds tighter: -2 ** 2 == 4.
        assertRenders("50 64 4 9 -4 2",
                "{{ 2 + 3 * 4 ** 2 }} {{ 2 ** 3 ** 2 }} {{ -2 ** 2 }} {{ (1 + 2) * 3 }} {{ 1 - 2 - 3 }} {{ true + true }}");
        assertRenders("3", "{{ items|length - 1 }}", "items", json("[1, 2, 3, 4]"));
    }

    @Test
    void sequencesRepeatAndConcatenate() {
        assertRenders("ababab [0, 0] [1, 2] ab 12.5NoneTrue!",
                "{{ \"ab\" * 3 }} {{ [0] * 2 }} {{ [1] + [2] }} {{ \"a\" + \"b\" }} {{ 1 ~ 2.5 ~ none ~ true ~ missing ~ \"!\" }}");
    }

    @Test
    void comparisonsChainAndMixNumbersLikePython() {
        assertRenders("True False True True False True True True False",
                "{{ 1 < 2 < 3 }} {{ 3 > 2 > 2 }} {{ 1 == 1.0 }} {{ true == 1 }} {{ [1, 2] == (1, 2) }} {{ \"a\" < \"b\" }}"
                        + " {{ [1, 2] < [1, 3] }} {{ missing == missing }} {{ missing == none }}");
    }

    @Test
    void membership() {
        assertRenders("True True True True False",
                "{{ 1 in [1, 2] }} {{ 3 not in [1, 2] }} {{ \"k\" in {\"k\": 1} }} {{ \"ell\" in \"hello\" }} {{ \"x\" in missing }}");
    }

    @Test
    void andOrReturnTheirOperands() {
        assertRenders("True False 2 x [] ",
                "{{ not true or true }} {{ not (true or true) }} {{ 1 and 2 }} {{ 0 or \"x\" }} {{ none or [] }} {{ \"\" and 5 }}");
    }

    @Test
    void conditionalExpressions() {
        assertRenders("yes||3", "{{ \"yes\" if x else \"no\" }}|{{ \"yes\" if false }}|{{ 1 if false else 2 if false else 3 }}",
                "x", 1L);
    }

    @Test
    void attributeAndItemAccessWithMissingPartsUndefined() {
        assertRenders("Ann Ann a b b|||",
                "{{ user.name }} {{ user[\"name\"] }} {{ user.tags[0] }} {{ user.tags[-1] }} {{ user.tags.1 }}|{{ user.missing }}"
                        + "|{{ user.tags[5] }}|{{ none.x }}",
                "user", json("{\"name\": \"Ann\", \"tags\": [\"a\", \"b\"]}"));
    }

    @Test
    void attributesOfUndefinedAreUndefinedInsteadOfAnError() {
        // Python Jinja raises here; we are deliberately lenient (see Undefined).
        assertRenders("|False", "{{ user.missing.deeper }}|{{ user.missing.deeper is defined }}", "user", json("{}"));
    }

    @Test
    void slicingLikePythonByCodePoint() {
        assertRenders("\u00e9l \ud83d\ude00oll\u00e9h o\ud83d\ude00 [2, 3, 4] [1, 2, 3] [1, 3] [4, 3, 2] [] (2, 3)",
                "{{ s[1:3] }} {{ s[::-1] }} {{ s[-2:] }} {{ xs[1:] }} {{ xs[:-1] }} {{ xs[::2] }} {{ xs[-1:0:-1] }}"
                        + " {{ xs[10:] }} {{ (1, 2, 3)[1:] }}",
                "s", "h\u00e9llo\ud83d\ude00", "xs", json("[1, 2, 3, 4]"));
        assertRenders("\ud83d\ude00 3", "{{ \"\ud83d\ude00ab\"[0] }} {{ \"\ud83d\ude00ab\"|length }}");
    }
}
