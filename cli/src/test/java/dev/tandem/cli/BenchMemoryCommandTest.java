package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchMemoryCommandTest {

    @Test
    void jsonHasOneResultPerThreadCount() throws Exception {
        CliRun run = CliRun.of("bench", "memory", "--size-mib", "8", "--threads", "1,2", "--passes", "2", "--warmups", "0", "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode result = new ObjectMapper().readTree(run.out());
        assertEquals(8L << 20, result.get("bytes").asLong());
        assertEquals(2, result.get("results").size());
        assertEquals(2, result.get("results").get(1).get("threads").asInt());
        double best = 0;
        for (JsonNode r : result.get("results")) {
            assertTrue(r.get("best_gb_s").asDouble() > 0 && r.get("best_gb_s").asDouble() >= r.get("median_gb_s").asDouble(), r.toString());
            best = Math.max(best, r.get("best_gb_s").asDouble());
        }
        assertEquals(best, result.get("best_gb_s").asDouble());
    }

    @Test
    void readsEveryFloatOfItsRange() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(4096 * 4, 64);
            for (int i = 0; i < 4096; i++) {
                segment.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, i % 7);
            }
            double expected = 0;
            for (int i = 1024; i < 3072; i++) {
                expected += i % 7;
            }
            assertEquals(expected, MemoryBandwidth.sum(segment, 1024 * 4, 3072 * 4), 0.0);
        }
    }

    @Test
    void badSizeIsAFailure() {
        CliRun run = CliRun.of("bench", "memory", "--size-mib", "0");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--size-mib"), run.err());
    }
}
