package dev.tandem.gateway.client;

import dev.tandem.gateway.routing.BlockLayout;
import dev.tandem.gateway.routing.RoutedWorker;
import dev.tandem.protocol.decode.DecodeGrpc;
import dev.tandem.protocol.decode.InfoRequest;
import dev.tandem.protocol.decode.LoadReport;
import dev.tandem.protocol.decode.LoadRequest;
import dev.tandem.protocol.decode.WorkerInfo;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** One decode worker: its channel, what its Info and Load said last, and whether it answered. */
public final class DecodeWorker implements RoutedWorker, AutoCloseable {

    private final String id;
    private final ManagedChannel channel;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile WorkerInfo info;
    private volatile BlockLayout layout;
    private volatile LoadReport load;
    private volatile boolean healthy;
    private volatile String lastProblem = "not probed yet";

    DecodeWorker(String host, int port) {
        this.id = host + ":" + port;
        this.channel = NettyChannelBuilder.forAddress(host, port).usePlaintext().build();
    }

    @Override
    public String id() {
        return id;
    }

    DecodeGrpc.DecodeStub stub() {
        return DecodeGrpc.newStub(channel);
    }

    /** Reads Info (until it has once succeeded) and Load; a failure marks the worker unhealthy until the next probe. */
    void probe(Duration timeout) {
        try {
            DecodeGrpc.DecodeBlockingStub blocking = DecodeGrpc.newBlockingStub(channel);
            if (info == null) {
                WorkerInfo read = blocking.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).info(InfoRequest.getDefaultInstance());
                layout = BlockLayout.of(read);
                info = read;
            }
            load = blocking.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).load(LoadRequest.getDefaultInstance());
            healthy = true;
        } catch (StatusRuntimeException e) {
            markUnhealthy(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
        }
    }

    void markUnhealthy(String problem) {
        healthy = false;
        lastProblem = problem;
    }

    public boolean healthy() {
        return healthy;
    }

    public String lastProblem() {
        return healthy ? "" : lastProblem;
    }

    public Optional<WorkerInfo> info() {
        return Optional.ofNullable(info);
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }

    @Override
    public int load() {
        LoadReport report = load;
        int reported = report == null ? 0 : report.getRunning() + report.getWaiting();
        return Math.max(reported, inFlight.get());
    }

    @Override
    public double kvUsage() {
        LoadReport report = load;
        if (report == null || report.getTotalKvBlocks() <= 0) {
            return 0;
        }
        return 1.0 - (double) report.getFreeKvBlocks() / report.getTotalKvBlocks();
    }

    @Override
    public Optional<BlockLayout> blockLayout() {
        return Optional.ofNullable(layout);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }

    @Override
    public String toString() {
        return id;
    }
}
