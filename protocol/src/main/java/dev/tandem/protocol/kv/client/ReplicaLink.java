package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.grpc.DescribeRequest;
import dev.tandem.protocol.grpc.KvStoreGrpc;
import dev.tandem.protocol.grpc.ReleaseRequest;
import dev.tandem.protocol.grpc.ReleaseResponse;
import dev.tandem.protocol.grpc.StoreInfo;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.StatusException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A client's connections to one replica, and its mapping of the replica's pool file if it has one. */
final class ReplicaLink implements AutoCloseable {

    private static final int MAX_MESSAGE_BYTES = 16 << 20;
    /** HTTP/2 receive window, and how far a put may run ahead of the transport: 64 KiB and 32 KiB by default. */
    private static final int FLOW_CONTROL_WINDOW = 8 << 20;
    private static final int SEND_AHEAD = 8 << 20;

    private final Replica replica;
    private final ManagedChannel[] channels;
    private final Object shmLock = new Object();
    private Optional<SharedPoolMapping> shm;
    private final java.util.concurrent.atomic.AtomicInteger nextConnection = new java.util.concurrent.atomic.AtomicInteger();

    ReplicaLink(Replica replica, KvClientConfig config) {
        this.replica = replica;
        this.channels = new ManagedChannel[config.connections()];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = NettyChannelBuilder.forAddress(replica.host(), replica.port())
                    .usePlaintext()
                    .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                    .flowControlWindow(FLOW_CONTROL_WINDOW)
                    // Blocking calls bring their own (caller-thread) executor; the rest (a release
                    // sent without waiting) has trivial callbacks: run them on the transport thread
                    // instead of waking a pool thread.
                    .directExecutor()
                    .intercept(config.interceptors())
                    .build();
        }
    }

    Replica replica() {
        return replica;
    }

    int connections() {
        return channels.length;
    }

    /** Where the next call starts, round robin, so concurrent calls spread over the connections. */
    int nextConnection() {
        return nextConnection.getAndIncrement() & Integer.MAX_VALUE;
    }

    KvStoreGrpc.KvStoreBlockingV2Stub stub(int connection, Deadline deadline) {
        return KvStoreGrpc.newBlockingV2Stub(channels[connection % channels.length]).withDeadline(deadline)
                .withOnReadyThreshold(SEND_AHEAD);
    }

    /** Sends a Release and returns at once; the answer (or failure) is ignored. */
    void releaseAsync(long leaseId, Deadline deadline) {
        KvStoreGrpc.newStub(channels[0]).withDeadline(deadline)
                .release(ReleaseRequest.newBuilder().setLeaseId(leaseId).build(), IGNORE_RELEASE);
    }

    private static final StreamObserver<ReleaseResponse> IGNORE_RELEASE = new StreamObserver<>() {
        @Override
        public void onNext(ReleaseResponse value) {
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    };

    /**
     * The replica's pool file mapped into this process, or empty when it lives on another host
     * (asked once; {@link #forgetSharedPool} makes the next call ask again).
     */
    Optional<SharedPoolMapping> sharedPool(Deadline deadline) throws StatusException {
        synchronized (shmLock) {
            if (shm == null) {
                StoreInfo info = stub(0, deadline).describe(DescribeRequest.getDefaultInstance());
                shm = SharedPoolMapping.open(info);
            }
            return shm;
        }
    }

    /** Drops the mapping after a failure (the store may have restarted with a new pool file). */
    void forgetSharedPool() {
        synchronized (shmLock) {
            if (shm != null) {
                shm.ifPresent(SharedPoolMapping::close);
                shm = null;
            }
        }
    }

    @Override
    public void close() {
        forgetSharedPool();
        // Let calls already sent (a release sent without waiting) finish for a moment, then cut the rest.
        for (ManagedChannel channel : channels) {
            channel.shutdown();
        }
        try {
            channels[0].awaitTermination(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ManagedChannel channel : channels) {
            channel.shutdownNow();
        }
        for (ManagedChannel channel : channels) {
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
