package dev.tandem.gateway.rest;

import dev.tandem.gateway.worker.ScriptedDecodeService.Endless;
import dev.tandem.gateway.worker.ScriptedWorkerResource;
import dev.tandem.gateway.worker.ScriptedWorkers;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A client that closes a streaming response mid-stream gets its Generate call cancelled on the worker. */
@QuarkusTest
@WithTestResource(value = ScriptedWorkerResource.class, initArgs = @ResourceArg(name = "workers", value = "2"))
class ClientDisconnectTest {

    @ScriptedWorkers.Inject
    ScriptedWorkers workers;

    @TestHTTPResource("/")
    URL root;

    private int cancelled() {
        return workers.all().stream().mapToInt(w -> w.cancelled()).sum();
    }

    private int running() {
        return workers.all().stream().mapToInt(w -> w.running()).sum();
    }

    @Test
    void closingTheStreamCancelsTheGenerateCall() throws Exception {
        workers.playAll(new Endless(" and on"));
        int cancelledBefore = cancelled();
        int callsBefore = workers.calls();
        byte[] body = """
                {"model": "qwen", "stream": true, "messages": [{"role": "user", "content": "Go on forever"}]}"""
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: " + root.getHost() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            int events = 0;
            for (String line = in.readLine(); line != null && events < 4; line = in.readLine()) {
                if (line.startsWith("data: ")) {
                    events++;
                }
            }
            assertEquals(4, events, "the stream should have been running");
            assertEquals(callsBefore + 1, workers.calls());
            assertEquals(1, running(), "the call is still streaming before the client goes away");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertEquals(cancelledBefore + 1, cancelled(), "cancelled calls");
            assertEquals(0, running(), "calls still streaming");
        });
    }
}
