package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.json;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.renderError;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Python methods of strings, dicts and lists as templates call them. */
class PythonMethodsTest {

    @Test
    void startswithAndEndswithAcceptTuples() {
        assertRenders("True True True False True",
                "{{ \"abc\".startswith(\"a\") }} {{ \"abc\".startswith((\"x\", \"ab\")) }} {{ \"abc\".endswith(\"bc\") }}"
                        + " {{ \"abc\".endswith((\"x\", \"y\")) }} {{ \"abc\".startswith(\"b\", 1) }}");
    }

    @Test
    void splitWithAndWithoutSeparator() {
        assertRenders("['a', 'b', 'c'] ['a', 'b', '', 'c'] ['a', 'b,c'] ['', '', 'lead'] ['a b', 'c'] ['a,b', 'c'] ['x']",
                "{{ \"a b  c \".split() }} {{ \"a,b,,c\".split(\",\") }} {{ \"a,b,c\".split(\",\", 1) }} {{ \"  lead\".split(\" \") }}"
                        + " {{ \"a b c\".rsplit(None, 1) }} {{ \"a,b,c\".rsplit(\",\", 1) }} {{ \"x\".split(\"y\") }}");
        assertRenders("a, b xyz ['x', 'y', 'z'] ['x\\n', 'y']",
                "{{ \", \".join([\"a\", \"b\"]) }} {{ \"\".join(\"xyz\") }} {{ \"x\\ny\\r\\nz\\n\".splitlines() }}"
                        + " {{ \"x\\ny\".splitlines(true) }}");
    }

    @Test
    void stripFamilyWithAndWithoutCharacters() {
        assertRenders("a b|a|t\n|t|a>>|<<a",
                "{{ \"  a b  \".strip() }}|{{ \"xxaxx\".strip(\"x\") }}|{{ \"\\n\\nt\\n\".lstrip(\"\\n\") }}|{{ \"t  \\n\".rstrip() }}"
                        + "|{{ \"<<a>>\".lstrip(\"<\") }}|{{ \"<<a>>\".rstrip(\">\") }}");
    }

    @Test
    void qwenStyleThinkExtraction() {
        String template = "{{ c.split('</think>')[-1].lstrip('\\n') }}|"
                + "{{ c.split('</think>')[0].rstrip('\\n').split('<think>')[-1].lstrip('\\n') }}";
        assertRenders("Paris.|Easy one.", template, "c", "<think>\nEasy one.\n</think>\n\nParis.");
    }

    @Test
    void caseMethods() {
        assertRenders("MIXED mixed Hello World It'S Hello mIxED",
                "{{ \"MiXed\".upper() }} {{ \"MiXed\".lower() }} {{ \"hello wORLD it's\".title() }} {{ \"hELLO\".capitalize() }}"
                        + " {{ \"MiXed\".swapcase() }}");
    }

    @Test
    void searchingAndReplacing() {
        assertRenders("x-b-x bba -a-b-",
                "{{ \"a-b-a\".replace(\"a\", \"x\") }} {{ \"aaa\".replace(\"a\", \"b\", 2) }} {{ \"ab\".replace(\"\", \"-\") }}");
        assertRenders("2 3 -1 3 1 2 2",
                "{{ \"hello\".find(\"l\") }} {{ \"hello\".rfind(\"l\") }} {{ \"hello\".find(\"z\") }} {{ \"hello\".find(\"l\", 3) }}"
                        + " {{ \"hello\".index(\"e\") }} {{ \"hello\".count(\"l\") }} {{ \"aaaa\".count(\"aa\") }}");
    }

    @Test
    void predicates() {
        assertRenders("True False False True True True True True True",
                "{{ \"12\".isdigit() }} {{ \"1a\".isdigit() }} {{ \"\".isdigit() }} {{ \"ab\".isalpha() }} {{ \"a1\".isalnum() }}"
                        + " {{ \" \\t\".isspace() }} {{ \"AB\".isupper() }} {{ \"ab\".islower() }} {{ \"Ab Cd\".istitle() }}");
    }

    @Test
    void formatPartitionAndPadding() {
        assertRenders("1 and 2 ba n! {literal}",
                "{{ \"{} and {}\".format(1, 2) }} {{ \"{1}{0}\".format(\"a\", \"b\") }} {{ \"{name}!\".format(name=\"n\") }}"
                        + " {{ \"{{literal}}\".format() }}");
        assertRenders("('k', '=', 'v=w') ('k=v', '=', 'w') x x 007 **ab** ab..   ab",
                "{{ \"k=v=w\".partition(\"=\") }} {{ \"k=v=w\".rpartition(\"=\") }} {{ \"prefix-x\".removeprefix(\"prefix-\") }}"
                        + " {{ \"x.txt\".removesuffix(\".txt\") }} {{ \"7\".zfill(3) }} {{ \"ab\".center(6, \"*\") }}"
                        + " {{ \"ab\".ljust(4, \".\") }} {{ \"ab\".rjust(4) }}");
    }

    @Test
    void dictMethods() {
        assertRenders("[('a', 1), ('b', [2])] ['a', 'b'] [1, [2]] 1 None 5",
                "{{ d.items()|list }} {{ d.keys()|list }} {{ d.values()|list }} {{ d.get(\"a\") }} {{ d.get(\"z\") }}"
                        + " {{ d.get(\"z\", 5) }}", "d", json("{\"a\": 1, \"b\": [2]}"));
    }

    @Test
    void listMethods() {
        assertRenders("1 2 1", "{{ [1, 2, 3].index(2) }} {{ [1, 1, 2].count(1) }} {{ (1, 2).index(2) }}");
    }

    @Test
    void mutatingMethodsAreRefusedAsInTheImmutableSandbox() {
        TemplateException error = renderError("{{ items.append(3) }}", "items", json("[1]"));
        assertTrue(error.getMessage().contains("list.append() is not allowed"), error.getMessage());
        assertTrue(renderError("{{ d.update({}) }}", "d", json("{}")).getMessage().contains("dict.update() is not allowed"));
    }
}
