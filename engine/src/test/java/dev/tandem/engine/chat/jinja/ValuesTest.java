package dev.tandem.engine.chat.jinja;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.tandem.engine.chat.jinja.JinjaAssertions.assertRenders;
import static dev.tandem.engine.chat.jinja.JinjaAssertions.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversion of caller data into template values, and Python's truthiness and printing. */
class ValuesTest {

    @Test
    void javaNumbersBecomeLongOrDouble() {
        assertEquals(3L, Values.fromJava(3));
        assertEquals(3L, Values.fromJava((short) 3));
        assertEquals(1.5, Values.fromJava(1.5f));
        assertEquals(7L, Values.fromJava(BigInteger.valueOf(7)));
        assertEquals(1e20, Values.fromJava(BigInteger.TEN.pow(20)));
    }

    @Test
    void containersAreCopiedDeeplyKeepingOrder() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", 1);
        inner.put("a", Arrays.asList(2, null));
        Object converted = Values.fromJava(Map.of("k", inner));
        assertEquals(Map.of("k", new LinkedHashMap<>(Map.of("z", 1L, "a", Arrays.asList(2L, null)))), converted);
        assertEquals(List.of("z", "a"), List.copyOf(((Map<?, ?>) ((Map<?, ?>) converted).get("k")).keySet()));
        assertEquals(List.of(1L, 2L), Values.fromJava(new Integer[] {1, 2}));
        assertEquals(List.of("x"), Values.fromJava(Set.of("x")));
    }

    @Test
    void jsonIsConvertedByType() {
        Object value = Values.fromJson(json("{\"s\": \"t\", \"i\": 3, \"f\": 1.0, \"b\": true, \"n\": null, \"a\": [1, {\"x\": 2}],"
                + " \"big\": 123456789012345678901234567890}"));
        Map<?, ?> map = (Map<?, ?>) value;
        assertEquals("t", map.get("s"));
        assertEquals(3L, map.get("i"));
        assertEquals(1.0, map.get("f"));
        assertEquals(true, map.get("b"));
        assertTrue(map.containsKey("n"));
        assertEquals(null, map.get("n"));
        assertEquals(List.of(1L, Map.of("x", 2L)), map.get("a"));
        assertEquals(1.2345678901234568e29, map.get("big"));
        assertRenders("{'s': 't', 'i': 3, 'f': 1.0, 'n': None}", "{{ m }}", "m", json("{\"s\": \"t\", \"i\": 3, \"f\": 1.0, \"n\": null}"));
    }

    @Test
    void unsupportedTypesAreRejectedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Values.fromJava(new Object()));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void truthinessIsPythons() {
        for (Object falsy : new Object[] {null, Undefined.INSTANCE, false, 0L, 0.0, "", List.of(), Map.of()}) {
            assertFalse(Values.isTruthy(falsy), String.valueOf(falsy));
        }
        for (Object truthy : new Object[] {true, 1L, -0.5, " ", List.of(0L), Map.of("k", 0L)}) {
            assertTrue(Values.isTruthy(truthy), String.valueOf(truthy));
        }
    }

    @Test
    void strIsPythons() {
        assertEquals("None", Values.str(null));
        assertEquals("", Values.str(Undefined.INSTANCE));
        assertEquals("True", Values.str(true));
        assertEquals("1.0", Values.str(1.0));
        assertEquals("[1, 'a', None]", Values.str(Arrays.asList(1L, "a", null)));
        assertEquals("('a', 1)", Values.str(Tuple.of("a", 1L)));
        assertEquals("{'k': [True]}", Values.str(Map.of("k", List.of(true))));
        assertEquals("'\\u200b\\xa0'", PythonText.repr("\u200b\u00a0"));
    }

    @Test
    void callerFunctionsCanBeAdded() {
        TemplateFunction shout = arguments -> Values.str(arguments.positional().getFirst()).toUpperCase() + "!";
        assertRenders("HI!", "{{ shout(word) }}", "shout", shout, "word", "hi");
    }

    @Test
    void namespaceAndUndefinedValues() {
        Object ns = JinjaAssertions.render("{% set ns = namespace(a=1) %}{{ ns }}");
        assertEquals("<Namespace {'a': 1}>", ns);
        assertSame(Undefined.INSTANCE, new Namespace(Map.of()).get("missing"));
    }
}
