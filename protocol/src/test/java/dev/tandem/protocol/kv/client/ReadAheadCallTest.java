package dev.tandem.protocol.kv.client;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The read-ahead server-streaming call against a real gRPC server on loopback. */
class ReadAheadCallTest {

    /** A received number that counts how many were closed (stands in for frames holding transport buffers). */
    record Number(int value) implements AutoCloseable {
        static final AtomicInteger parsed = new AtomicInteger();
        static final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    private static final MethodDescriptor.Marshaller<Integer> REQUEST = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Integer value) {
            return new ByteArrayInputStream(ByteBuffer.allocate(4).putInt(value).array());
        }

        @Override
        public Integer parse(InputStream stream) {
            try {
                return ByteBuffer.wrap(stream.readAllBytes()).getInt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    private static final MethodDescriptor.Marshaller<Number> RESPONSE = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(Number value) {
            return REQUEST.stream(value.value());
        }

        @Override
        public Number parse(InputStream stream) {
            Number.parsed.incrementAndGet();
            return new Number(REQUEST.parse(stream));
        }
    };

    /** Streams the numbers 0..n-1 for a request n; a negative n fails with FAILED_PRECONDITION after one number. */
    private static final MethodDescriptor<Integer, Number> COUNT = MethodDescriptor.<Integer, Number>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("test.Counter/Count")
            .setRequestMarshaller(REQUEST)
            .setResponseMarshaller(RESPONSE)
            .build();

    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        Number.parsed.set(0);
        Number.closed.set(0);
        ServerServiceDefinition service = ServerServiceDefinition.builder("test.Counter")
                .addMethod(COUNT, ServerCalls.asyncServerStreamingCall((n, response) -> {
                    for (int i = 0; i < Math.max(n, 1); i++) {
                        response.onNext(new Number(i));
                    }
                    if (n < 0) {
                        response.onError(Status.FAILED_PRECONDITION.withDescription("negative").asException());
                    } else {
                        response.onCompleted();
                    }
                }))
                .build();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(service).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().directExecutor().build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ReadAheadCall<Integer, Number> call(int n, int window) {
        return ReadAheadCall.start(channel, COUNT, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), n, window);
    }

    @Test
    void readsEveryMessageInOrderThroughManyWindowsThenTheEnd() throws Exception {
        ReadAheadCall<Integer, Number> call = call(1000, 4);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, call.next().value());
        }
        assertNull(call.next());
        assertNull(call.next(), "the end stays the end");
    }

    @Test
    void anErrorStatusEndsTheStreamAsAStatusException() throws Exception {
        ReadAheadCall<Integer, Number> call = call(-1, 4);
        assertEquals(0, call.next().value());
        StatusException e = assertThrows(StatusException.class, call::next);
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertThrows(StatusException.class, call::next, "the failure stays the failure");
    }

    @Test
    void cancellingClosesWhatWasReceivedButNotRead() throws Exception {
        ReadAheadCall<Integer, Number> call = call(100, 8);
        Number first = call.next();
        first.close();
        // The window lets the transport deliver up to 8 messages before the reader asks again.
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Number.parsed.get() < 8 && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        Thread.sleep(50);
        assertEquals(8, Number.parsed.get(), "no more than the window is delivered before the reader asks");
        call.cancel("test", null);
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Number.closed.get() < Number.parsed.get() && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertEquals(Number.parsed.get(), Number.closed.get(), "every delivered message is closed: read, or released");
        assertEquals(Status.Code.CANCELLED, assertThrows(StatusException.class, call::next).getStatus().getCode());
    }

    @Test
    void aWindowBelowTwoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> call(1, 1));
    }
}
