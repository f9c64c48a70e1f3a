package dev.tandem.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code tandem bench kv} end to end, small: a store, a writer and a reader process, and the baseline. */
class KvBenchCommandTest {

    private static final Path STORE_JAR = Path.of("../kv-store-service/target/quarkus-app/quarkus-run.jar");

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "shm"})
    void printsOneJsonObjectWithTheContractFields(String transport) throws Exception {
        assumeTrue(Files.isRegularFile(STORE_JAR), "kv-store-service not packaged (build it with -pl kv-store-service -am package)");
        CliRun run = CliRun.of("bench", "kv", "--block-bytes", "65536", "--blocks", "8", "--warmup", "2", "--batch", "4",
                "--streams", "1", "--transport", transport, "--store-jar", STORE_JAR.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(transport, json.get("transport").asText());
        assertEquals(transport.equals("grpc") ? "tcp" : "memcpy", json.get("baseline").asText());
        for (String field : new String[] {"put_gb_s", "get_gb_s", "p50_ms", "p99_ms", "baseline_gb_s", "ratio"}) {
            assertTrue(json.get(field).isNumber() && json.get(field).asDouble() > 0, field + " in " + run.out());
        }
        double expected = Math.min(json.get("put_gb_s").asDouble(), json.get("get_gb_s").asDouble())
                / json.get("baseline_gb_s").asDouble();
        assertEquals(expected, json.get("ratio").asDouble(), 0.01 + expected * 0.05);
        assertTrue(json.get("p99_ms").asDouble() >= json.get("p50_ms").asDouble());
    }

    @Test
    void aBlockSizeNoLayoutCanHaveIsAUsageError() {
        CliRun run = CliRun.of("bench", "kv", "--block-bytes", "100", "--json");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("--block-bytes must be a multiple of 64"), run.err());
    }

    @Test
    void anUnreachableStoreFailsWithTheWritersError() {
        CliRun run = CliRun.of("bench", "kv", "--block-bytes", "4096", "--blocks", "2", "--warmup", "1",
                "--store", "127.0.0.1:1", "--json");
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("writer process failed") && run.err().contains("UNAVAILABLE")
                || run.err().contains("failed after"), run.err());
    }
}
