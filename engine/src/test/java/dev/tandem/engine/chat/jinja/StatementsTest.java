package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;

/** Block tags: if, for (loop variables, filters, else, unpacking, loop controls), set, namespace, macro, call, filter. */
class StatementsTest {

    @Test
    void ifElifElse() {
        assertRenders("B", "{% if a %}A{% elif b %}B{% else %}C{% endif %}{% if not a and not b %}!{% endif %}", "b", true);
        assertRenders("C", "{% if a %}A{% elif b %}B{% else %}C{% endif %}");
    }

    @Test
    void loopVariables() {
        assertRenders("1032 True False 3  b odd;2121 False False 3 a c even;3210 False True 3 b  odd;",
                "{% for x in \"abc\" %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}"
                        + " {{ loop.first }} {{ loop.last }} {{ loop.length }} {{ loop.previtem }} {{ loop.nextitem }}"
                        + " {{ loop.cycle(\"odd\", \"even\") }};{% endfor %}");
    }

    @Test
    void loopFilterCountsOnlyKeptItems() {
        assertRenders("1/2:3 2/2:2 ",
                "{% for i in [3, 1, 2] if i > 1 %}{{ loop.index }}/{{ loop.length }}:{{ i }} {% else %}none{% endfor %}");
    }

    @Test
    void loopElseRunsWhenNothingIterated() {
        assertRenders("empty|undefined is empty",
                "{% for i in [] %}x{% else %}empty{% endfor %}|{% for i in missing %}x{% else %}undefined is empty{% endfor %}");
    }

    @Test
    void loopUnpackingAndMappingIteration() {
        assertRenders("x=1;y=2;|3 7 |ba|56",
                "{% for k, v in {\"x\": 1, \"y\": 2}.items() %}{{ k }}={{ v }};{% endfor %}"
                        + "|{% for a, b in [[1, 2], (3, 4)] %}{{ a + b }} {% endfor %}"
                        + "|{% for k in {\"b\": 1, \"a\": 2} %}{{ k }}{% endfor %}"
                        + "|{% for (a, b) in [[5, 6]] %}{{ a }}{{ b }}{% endfor %}");
    }

    @Test
    void breakAndContinueAffectTheInnermostLoop() {
        assertRenders("0134",
                "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}"
                        + "{{ i }}{% endfor %}");
        assertRenders("11 21 31 ",
                "{% for x in [1, 2, 3] %}{% for y in [1, 2] %}{% if y == 2 %}{% break %}{% endif %}{{ x }}{{ y }} "
                        + "{% endfor %}{% endfor %}");
    }

    @Test
    void setAssignsNamesTuplesAndUnpacks() {
        assertRenders("1 2 3 (4, 5)", "{% set x = 1 %}{% set a, b = 2, 3 %}{% set t = 4, 5 %}{{ x }} {{ a }} {{ b }} {{ t }}");
        assertRenders("(1, 'a')", "{{ 1, \"a\" }}");
    }

    @Test
    void assignmentsInsideLoopsDoNotLeakButIfBlocksShareTheScope() {
        assertRenders("|set in if|set in if",
                "{{ x }}|{% set x = \"outer\" %}{% if true %}{% set x = \"set in if\" %}{% endif %}{{ x }}"
                        + "|{% for i in [1] %}{% set x = \"set in loop\" %}{% endfor %}{{ x }}");
        assertRenders("[][]", "{% for i in [1, 2] %}[{{ x }}]{% set x = i %}{% endfor %}");
    }

    @Test
    void namespaceCarriesValuesOutOfLoops() {
        assertRenders("6 [0, 1, 2, 3] 3 False",
                "{% set ns = namespace(total=0, seen=[], last=none) %}{% for i in range(4) %}"
                        + "{% set ns.total = ns.total + i %}{% set ns.seen = ns.seen + [i] %}{% set ns.last = i %}{% endfor %}"
                        + "{{ ns.total }} {{ ns.seen }} {{ ns.last }} {{ ns.other is defined }}");
    }

    @Test
    void blockSetCapturesRenderedText() {
        assertRenders("Hello Bo!|9|QUIET BO",
                "{% set greeting %}Hello {{ name }}!{% endset %}{{ greeting }}|{{ greeting|length }}"
                        + "|{% set shout | upper %}quiet {{ name }}{% endset %}{{ shout }}", "name", "Bo");
    }

    @Test
    void macrosWithPositionalKeywordAndDefaultArguments() {
        assertRenders("Hi al!|Yo bo!|Hi cy?|Hey dee!|Hi !",
                "{% macro greet(name, greeting=\"Hi\", punct=\"!\") %}{{ greeting }} {{ name }}{{ punct }}{% endmacro %}"
                        + "{{ greet(\"al\") }}|{{ greet(\"bo\", \"Yo\") }}|{{ greet(\"cy\", punct=\"?\") }}"
                        + "|{{ greet(name=\"dee\", greeting=\"Hey\") }}|{{ greet() }}");
        assertRenders("3,2,1,0",
                "{% macro countdown(n) %}{{ n }}{% if n > 0 %},{{ countdown(n - 1) }}{% endif %}{% endmacro %}{{ countdown(3) }}");
    }

    @Test
    void callBlocksPassTheirBodyAsCaller() {
        assertRenders("<b>bold 2</b>",
                "{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}"
                        + "{% call wrap(\"b\") %}bold {{ 1 + 1 }}{% endcall %}");
        assertRenders("[10][20]",
                "{% macro rows(items) %}{% for i in items %}{{ caller(i) }}{% endfor %}{% endmacro %}"
                        + "{% call(x) rows([1, 2]) %}[{{ x * 10 }}]{% endcall %}");
    }

    @Test
    void filterBlocks() {
        assertRenders("HELLO WORLD|Two Words",
                "{% filter upper %}hello {{ \"world\" }}{% endfilter %}|{% filter trim|title %}  two words  {% endfilter %}");
    }

    @Test
    void transformersGenerationTagRendersItsBody() {
        assertRenders("<a>answer</a>", "<a>{% generation %}{{ text }}{% endgeneration %}</a>", "text", "answer");
    }
}
