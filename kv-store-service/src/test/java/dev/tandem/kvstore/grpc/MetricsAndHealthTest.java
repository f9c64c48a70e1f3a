package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.TestBlocks;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.KvTransport;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class MetricsAndHealthTest {

    @TestHTTPResource("/")
    URL url;

    @Inject
    PoolLifecycle lifecycle;

    @Test
    void readinessIsUpOnceThePoolIsAllocated() {
        await().atMost(Duration.ofSeconds(10)).until(lifecycle::ready);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'kv-pool' }.status", equalTo("UP"));
    }

    @Test
    void theMetricsEndpointExposesTheStoresMeters() {
        await().atMost(Duration.ofSeconds(10)).until(lifecycle::ready);
        List<BlockKey> keys = TestBlocks.keys(40_000, 2);
        try (KvClient client = KvStoreTestClients.client(url, KvTransport.GRPC)) {
            client.put(TestBlocks.blocks(keys));
            client.get(keys, new TestBlocks.Collect(2));
        }
        var body = given().when().get("/q/metrics").then().statusCode(200);
        for (String metric : List.of("tandem_kv_bytes_in_total", "tandem_kv_bytes_out_total",
                "tandem_kv_blocks_stored_total", "tandem_kv_blocks_evicted_total", "tandem_kv_lookups_total",
                "tandem_kv_hit_ratio", "tandem_kv_pool_used_bytes", "tandem_kv_pool_capacity_bytes",
                "tandem_kv_pool_usage_ratio", "tandem_kv_transfer_seconds_bucket", "tandem_kv_checksum_failures_total",
                "tandem_kv_puts_rejected_total")) {
            body.body(containsString(metric));
        }
        body.body(containsString("tandem_kv_transfer_seconds_count{op=\"put\"}"));
    }
}
