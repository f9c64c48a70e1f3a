package dev.tandem.engine.chat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomToolCallIdsTest {

    @Test
    void idsAreCallFollowedByTwentyFourAlphanumerics() {
        RandomToolCallIds ids = new RandomToolCallIds();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = ids.get();
            assertTrue(id.matches("call_[A-Za-z0-9]{24}"), id);
            seen.add(id);
        }
        assertEquals(1000, seen.size());
    }

    @Test
    void aSeededGeneratorGivesReproducibleIds() {
        RandomToolCallIds first = new RandomToolCallIds(new SplittableRandom(7));
        RandomToolCallIds second = new RandomToolCallIds(new SplittableRandom(7));
        String id = first.get();
        assertEquals(id, second.get());
        assertNotEquals(id, first.get());
    }
}
