package dev.tandem.kvstore.grpc;

import com.google.protobuf.ByteString;
import dev.tandem.kvstore.config.KvStoreConfig;
import dev.tandem.kvstore.pool.PoolFile;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.kvstore.store.BlockStore;
import dev.tandem.kvstore.store.Lease;
import dev.tandem.kvstore.store.StoredBlock;
import dev.tandem.kvstore.store.Subscription;
import dev.tandem.protocol.grpc.CommitRequest;
import dev.tandem.protocol.grpc.Delivery;
import dev.tandem.protocol.grpc.DescribeRequest;
import dev.tandem.protocol.grpc.EntryRequest;
import dev.tandem.protocol.grpc.EntryResponse;
import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.grpc.GetRequest;
import dev.tandem.protocol.grpc.KvStoreGrpc;
import dev.tandem.protocol.grpc.MissReason;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.grpc.ReleaseRequest;
import dev.tandem.protocol.grpc.ReleaseResponse;
import dev.tandem.protocol.grpc.RequestEntry;
import dev.tandem.protocol.grpc.ReserveRequest;
import dev.tandem.protocol.grpc.ReserveResponse;
import dev.tandem.protocol.grpc.StoreInfo;
import dev.tandem.protocol.grpc.SubscribeRequest;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvWire;
import dev.tandem.protocol.kv.wire.ReceivedFrame;
import dev.tandem.protocol.kv.wire.ZeroCopyMethods;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The kv-store's gRPC data plane: maps messages, delegates to the block store, streams with flow control. */
@GrpcService
public class KvStoreGrpcService extends KvStoreGrpc.KvStoreImplBase {

    private final PoolLifecycle lifecycle;
    private final KvStoreConfig config;
    private final ReservationCalls reservations;

    public KvStoreGrpcService(PoolLifecycle lifecycle, KvStoreConfig config) {
        this.lifecycle = lifecycle;
        this.config = config;
        this.reservations = new ReservationCalls(lifecycle, config.transfer().verifySharedMemoryWrites());
    }

    /** The generated binding, with Put received without copying chunk data (see {@link ZeroCopyMethods}). */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition generated = super.bindService();
        ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(KvStoreGrpc.SERVICE_NAME);
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            if (method.getMethodDescriptor().getFullMethodName().equals(ZeroCopyMethods.SERVER_PUT.getFullMethodName())) {
                service.addMethod(ZeroCopyMethods.SERVER_PUT, ServerCalls.asyncClientStreamingCall(this::receivePut));
            } else {
                service.addMethod(method);
            }
        }
        return service.build();
    }

    @Override
    public StreamObserver<PutFrame> put(StreamObserver<PutResult> response) {
        throw new UnsupportedOperationException("Put is bound to receivePut");
    }

    private StreamObserver<ReceivedFrame<PutFrame>> receivePut(StreamObserver<PutResult> response) {
        BlockStore store;
        try {
            store = lifecycle.store();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
            return new DiscardingObserver<>();
        }
        return new PutStream(store, lifecycle.metrics(), response, store.settings().defaultLease());
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetFrame> observer) {
        try {
            BlockStore store = lifecycle.store();
            List<BlockKey> keys = request.getKeysList().stream().map(KvWire::fromProto).toList();
            boolean shm = request.getDelivery() == Delivery.DELIVERY_SHARED_MEMORY;
            BlockStreamer streamer = streamer(store, observer, shm, "get");
            StoredBlock[] found = new StoredBlock[keys.size()];
            Lease lease = store.lease(keys, store.settings().lease(request.getLeaseMs()), found);
            for (int slot = 0; slot < found.length; slot++) {
                streamer.enqueue(found[slot] != null ? new BlockStreamer.BlockItem(slot, found[slot])
                        : new BlockStreamer.MissItem(slot, MissReason.MISS_ABSENT));
            }
            streamer.enqueue(new BlockStreamer.EndItem());
            streamer.start(lease);
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<GetFrame> observer) {
        try {
            BlockStore store = lifecycle.store();
            List<BlockKey> keys = request.getKeysList().stream().map(KvWire::fromProto).toList();
            String requestId = request.getRequestId().isEmpty() ? null : request.getRequestId();
            long timeoutMs = Math.min(Math.max(request.getTimeoutMs(), 1), config.transfer().maxSubscribeTimeout().toMillis());
            boolean shm = request.getDelivery() == Delivery.DELIVERY_SHARED_MEMORY;
            BlockStreamer streamer = streamer(store, observer, shm, "subscribe");
            SubscribeTracker tracker = new SubscribeTracker(streamer, keys.size(), requestId != null);
            Duration leaseTtl = Duration.ofMillis(timeoutMs).plus(store.settings().lease(request.getLeaseMs()));
            Subscription subscription = store.subscribe(keys, requestId, leaseTtl, tracker);
            ScheduledFuture<?> timer = lifecycle.timers().schedule(tracker::timeout, timeoutMs, TimeUnit.MILLISECONDS);
            streamer.onFinish(() -> {
                timer.cancel(false);
                store.cancel(subscription);
            });
            streamer.start(subscription.lease());
        } catch (RuntimeException e) {
            observer.onError(GrpcErrors.toStatus(e));
        }
    }

    @Override
    public void reserve(ReserveRequest request, StreamObserver<ReserveResponse> response) {
        unary(response, () -> reservations.reserve(request));
    }

    /**
     * Publishing committed slots is short and runs on the event loop, like the other unary calls
     * (a hop to a worker thread and back cost more than the commit itself). Only when the store is
     * configured to verify shared-memory writes, which reads every committed byte, does it run on a
     * worker.
     */
    @Override
    public void commit(CommitRequest request, StreamObserver<PutResult> response) {
        Context context = Vertx.currentContext();
        if (!config.transfer().verifySharedMemoryWrites() || context == null || !Context.isOnEventLoopThread()) {
            unary(response, () -> reservations.commit(request));
            return;
        }
        context.executeBlocking(() -> {
            unary(response, () -> reservations.commit(request));
            return null;
        }, false);
    }

    @Override
    public void release(ReleaseRequest request, StreamObserver<ReleaseResponse> response) {
        unary(response, () -> ReleaseResponse.newBuilder()
                .setReleased(lifecycle.store().release(request.getLeaseId())).build());
    }

    @Override
    public void putEntry(RequestEntry request, StreamObserver<PutResult> response) {
        unary(response, () -> {
            lifecycle.store().putEntry(KvWire.fromProto(request));
            return PutResult.newBuilder().setStored(1).build();
        });
    }

    @Override
    public void getEntry(EntryRequest request, StreamObserver<EntryResponse> response) {
        unary(response, () -> lifecycle.store().entry(request.getRequestId())
                .map(e -> EntryResponse.newBuilder().setFound(true).setEntry(KvWire.toProto(e)).build())
                .orElse(EntryResponse.newBuilder().setFound(false).build()));
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<StoreInfo> response) {
        unary(response, () -> {
            if (!lifecycle.ready()) {
                return StoreInfo.newBuilder().setReady(false).build();
            }
            BlockStore store = lifecycle.store();
            PoolFile pool = lifecycle.pool();
            return StoreInfo.newBuilder().setReady(true)
                    .setCapacityBytes(store.capacityBytes()).setUsedBytes(store.usedBytes())
                    .setPoolPath(pool.path().toAbsolutePath().toString()).setPoolBytes(pool.fileBytes())
                    .setPoolToken(ByteString.copyFrom(pool.token())).setDataOffset(PoolFile.HEADER_BYTES)
                    .build();
        });
    }

    private BlockStreamer streamer(BlockStore store, StreamObserver<GetFrame> observer, boolean shm, String op) {
        Context context = Vertx.currentContext();
        Executor executor = context != null ? task -> context.runOnContext(v -> task.run()) : Runnable::run;
        ServerCallStreamObserver<GetFrame> out = (ServerCallStreamObserver<GetFrame>) observer;
        out.setOnReadyThreshold((int) config.transfer().sendAhead().asLongValue());
        return new BlockStreamer(store, lifecycle.metrics(), out, executor,
                shm, PoolFile.HEADER_BYTES, (int) config.transfer().chunkSize().asLongValue(), op);
    }

    private static <T> void unary(StreamObserver<T> response, Supplier<T> call) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            response.onError(GrpcErrors.toStatus(e));
            return;
        }
        response.onNext(result);
        response.onCompleted();
    }

    /** Releases the frames of a put that was refused up front. */
    private static final class DiscardingObserver<T extends AutoCloseable> implements StreamObserver<T> {
        @Override
        public void onNext(T value) {
            try {
                value.close();
            } catch (Exception e) {
                // nothing held
            }
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
    }
}
