package dev.tandem.engine.chat.jinja;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.json;

/** The built-in filters, against Python Jinja2's output. */
class FiltersTest {

    private static final JsonNode USERS = json("[{\"name\": \"al\", \"admin\": true, \"age\": 30},"
            + " {\"name\": \"Bo\", \"admin\": false, \"age\": 25}, {\"name\": \"cy\", \"admin\": true, \"age\": 35}]");

    @Test
    void lengthCountsCodePointsItemsAndKeys() {
        assertRenders("3 5 1 0", "{{ [1, 2, 3]|length }} {{ \"h\u00e9llo\"|length }} {{ {\"a\": 1}|count }} {{ missing|length }}");
    }

    @Test
    void textFilters() {
        assertRenders("x|hi|HELLO|hello|Hello world|Hello World-Foo(Bar)",
                "{{ \"  x  \"|trim }}|{{ \"xxhixx\"|trim(\"x\") }}|{{ \"Hello\"|upper }}|{{ \"Hello\"|lower }}"
                        + "|{{ \"hello WORLD\"|capitalize }}|{{ \"hello world-foo(bar)\"|title }}");
        assertRenders("10x None [1, 'a']", "{{ 10|string ~ \"x\" }} {{ none|string }} {{ [1, \"a\"]|string }}");
        assertRenders("x-b-x bba 103",
                "{{ \"a-b-a\"|replace(\"a\", \"x\") }} {{ \"aaa\"|replace(\"a\", \"b\", 2) }} {{ 123|replace(\"2\", \"0\") }}");
        assertRenders("&lt;a href=&#39;x&#39;&gt;&amp;&#34;&lt;/a&gt; &lt;b&gt; <b>",
                "{{ \"<a href='x'>&\\\"</a>\"|e }} {{ \"<b>\"|escape }} {{ \"<b>\"|safe }}");
        assertRenders("a\n  b\n\n  c|  a\n  b|a\n> \n> b",
                "{{ \"a\\nb\\n\\nc\"|indent(2) }}|{{ \"a\\nb\"|indent(2, true) }}|{{ \"a\\n\\nb\"|indent(\"> \", blank=true) }}");
        assertRenders("3", "{{ \"one two  three\"|wordcount }}");
    }

    @Test
    void tojsonIsPythonJsonDumpsWithoutAsciiEscaping() {
        assertRenders("{\"a\": \"\u00e9\", \"b\": [1, 2.5, null, true], \"c\": {}}",
                "{{ {\"a\": \"\u00e9\", \"b\": [1, 2.5, none, true], \"c\": {}}|tojson }}");
        assertRenders("{\n  \"a\": [\n    1,\n    {\n      \"b\": []\n    }\n  ]\n}", "{{ {\"a\": [1, {\"b\": []}]}|tojson(indent=2) }}");
        assertRenders("{\"a\": 2, \"b\": 1} [1,2] \"\u00e9\\n\\\"q\\\"\" \"\\u00e9\\ud83d\\ude00\"",
                "{{ {\"b\": 1, \"a\": 2}|tojson(sort_keys=true) }} {{ [1, 2]|tojson(separators=(\",\", \":\")) }}"
                        + " {{ \"\u00e9\\n\\\"q\\\"\"|tojson }} {{ \"\u00e9\ud83d\ude00\"|tojson(ensure_ascii=true) }}");
    }

    @Test
    void sequenceAccessFilters() {
        assertRenders("1 3 a False", "{{ [1, 2, 3]|first }} {{ [1, 2, 3]|last }} {{ \"abc\"|first }} {{ []|first is defined }}");
        assertRenders("123 1-2-3 al, Bo, cy",
                "{{ [1, 2, 3]|join }} {{ [1, 2, 3]|join(\"-\") }} {{ users|join(\", \", attribute=\"name\") }}", "users", USERS);
        assertRenders("['a', 'b'] ['k', 'j'] [('k', 1), ('j', 2)] []",
                "{{ \"ab\"|list }} {{ {\"k\": 1, \"j\": 2}|list }} {{ {\"k\": 1, \"j\": 2}|items|list }} {{ missing|items|list }}");
    }

    @Test
    void defaultReplacesUndefinedOrWithBooleanFalsyValues() {
        assertRenders("d d None d d set",
                "{{ missing|default(\"d\") }} {{ missing|d(\"d\") }} {{ none|default(\"d\") }} {{ \"\"|default(\"d\", true) }}"
                        + " {{ 0|default(\"d\", boolean=true) }} {{ \"set\"|default(\"d\") }}");
    }

    @Test
    void mapSelectAndReject() {
        assertRenders("['al', 'Bo', 'cy'] ['?', '?', '?'] ['A', 'B'] [1.0, 3.0]",
                "{{ users|map(attribute=\"name\")|list }} {{ users|map(attribute=\"nick\", default=\"?\")|list }}"
                        + " {{ [\"a\", \"b\"]|map(\"upper\")|list }} {{ [1.4, 2.6]|map(\"round\")|list }}", "users", USERS);
        assertRenders("['al', 'cy'] ['Bo'] ['al', 'cy'] 1",
                "{{ users|selectattr(\"admin\")|map(attribute=\"name\")|list }} {{ users|rejectattr(\"admin\")|map(attribute=\"name\")|list }}"
                        + " {{ users|selectattr(\"age\", \"gt\", 28)|map(attribute=\"name\")|list }}"
                        + " {{ users|selectattr(\"name\", \"equalto\", \"Bo\")|list|length }}", "users", USERS);
        assertRenders("[1, 3] [1, 3] [1, 'a'] [5, 9]",
                "{{ [1, 2, 3, 4]|select(\"odd\")|list }} {{ [1, 2, 3, 4]|reject(\"even\")|list }}"
                        + " {{ [0, 1, \"\", \"a\", none]|select|list }} {{ [1, 5, 9]|select(\"gt\", 4)|list }}");
    }

    @Test
    void numberConversions() {
        assertRenders("3 42 0 7 1 3 26 255",
                "{{ \"3.7\"|int }} {{ \" 42 \"|int }} {{ none|int }} {{ \"x\"|int(7) }} {{ true|int }} {{ 3.9|int }}"
                        + " {{ \"0x1A\"|int(0, 16) }} {{ \"ff\"|int(base=16) }}");
        assertRenders("1000.0 0.0 2.0 2.5", "{{ \"1e3\"|float }} {{ \"x\"|float }} {{ 2|float }} {{ \"  2.5 \"|float }}");
        assertRenders("3 3 1.5", "{{ -3|abs }} {{ (-3)|abs }} {{ -1.5|abs }}");
    }

    @Test
    void roundIsPythonRoundHalfToEvenOnTheBinaryValue() {
        assertRenders("2.0 4.0 5 2.67 -2.0 1.0 1.3 -0.0",
                "{{ 2.5|round }} {{ 3.5|round }} {{ 5|round }} {{ 2.675|round(2) }} {{ -2.5|round }}"
                        + " {{ 1.5|round(0, \"floor\") }} {{ 1.21|round(1, \"ceil\") }} {{ -0.1|round }}");
    }

    @Test
    void uniqueAndSortAreCaseInsensitiveByDefault() {
        assertRenders("[3, 1, 2] ['b', 'A'] ['a', 'A'] ['al', 'Bo']",
                "{{ [3, 1, 2]|unique|list }} {{ [\"b\", \"A\", \"a\", \"B\"]|unique|list }}"
                        + " {{ [\"a\", \"A\"]|unique(case_sensitive=true)|list }}"
                        + " {{ users|unique(attribute=\"admin\")|map(attribute=\"name\")|list }}", "users", USERS);
        assertRenders("[1, 2, 3] ['A', 'a', 'b'] ['A', 'a', 'b'] [3, 2, 1] ['Bo', 'al', 'cy']",
                "{{ [3, 1, 2]|sort }} {{ [\"b\", \"A\", \"a\"]|sort }} {{ [\"b\", \"A\", \"a\"]|sort(case_sensitive=true) }}"
                        + " {{ [3, 1, 2]|sort(reverse=true) }} {{ users|sort(attribute=\"age\")|map(attribute=\"name\")|list }}",
                "users", USERS);
        assertRenders("[3, 2, 1] cba [('A', 2), ('a', 3), ('b', 1)] [('a', 2), ('b', 1)]",
                "{{ [1, 2, 3]|reverse|list }} {{ \"abc\"|reverse }} {{ {\"b\": 1, \"A\": 2, \"a\": 3}|dictsort }}"
                        + " {{ {\"b\": 1, \"a\": 2}|dictsort(by=\"value\", reverse=true) }}");
    }

    @Test
    void aggregates() {
        // attr reads Python attributes only, so attr("name") of a dict is undefined, as in Jinja.
        assertRenders("6 90 1 b |cy",
                "{{ [1, 2, 3]|sum }} {{ users|sum(attribute=\"age\") }} {{ [3, 1, 2]|min }} {{ [\"b\", \"A\"]|max }}"
                        + " {{ users|max(attribute=\"age\")|attr(\"name\") }}|{{ (users|max(attribute=\"age\")).name }}",
                "users", USERS);
    }

    @Test
    void printfStyleFormatting() {
        assertRenders("a-007|3.14|'q'|ff|% x and y 1!",
                "{{ \"%s-%03d|%.2f|%r|%x|%%\"|format(\"a\", 7, 3.14159, \"q\", 255) }} {{ \"%s and %s\" % (\"x\", \"y\") }}"
                        + " {{ \"%(n)s!\" % {\"n\": 1} }}");
    }
}
