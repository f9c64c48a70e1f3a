package dev.tandem.protocol.kv.client;

import com.google.protobuf.ByteString;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockChunk;
import dev.tandem.protocol.grpc.BlockMiss;
import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.grpc.GetRequest;
import dev.tandem.protocol.grpc.KvStoreGrpc;
import dev.tandem.protocol.grpc.MissReason;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvWire;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted kv-store on 127.0.0.1 for client tests: fails, hangs or serves from a map. */
final class FakeStore extends KvStoreGrpc.KvStoreImplBase implements AutoCloseable {

    final Map<BlockKey, byte[]> blocks = new ConcurrentHashMap<>();
    final List<BlockKey> keysAsked = new CopyOnWriteArrayList<>();
    final AtomicInteger getCalls = new AtomicInteger();
    final AtomicInteger putCalls = new AtomicInteger();
    volatile Status failWith = Status.UNAVAILABLE;
    volatile int failGets;
    volatile int failPuts;
    volatile boolean hang;
    private final Server server;

    FakeStore() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(this).build().start();
    }

    Replica replica() {
        return new Replica("127.0.0.1", server.getPort());
    }

    @Override
    public void get(GetRequest request, StreamObserver<GetFrame> out) {
        int call = getCalls.incrementAndGet();
        if (hang) {
            return;
        }
        if (call <= failGets) {
            out.onError(failWith.withDescription("scripted failure " + call).asException());
            return;
        }
        for (int slot = 0; slot < request.getKeysCount(); slot++) {
            BlockKey key = KvWire.fromProto(request.getKeys(slot));
            keysAsked.add(key);
            byte[] data = blocks.get(key);
            if (data == null) {
                out.onNext(GetFrame.newBuilder().setMiss(BlockMiss.newBuilder().setSlot(slot)
                        .setReason(MissReason.MISS_ABSENT)).build());
                continue;
            }
            out.onNext(GetFrame.newBuilder().setBegin(BlockBegin.newBuilder().setSlot(slot).setKey(request.getKeys(slot))
                    .setLayout(KvWire.toProto(ClientTestBlocks.LAYOUT)).setLength(data.length)
                    .setCrc32C(BlockChecksum.of(java.lang.foreign.MemorySegment.ofArray(data)))).build());
            out.onNext(GetFrame.newBuilder().setChunk(BlockChunk.newBuilder().setSlot(slot).setOffset(0)
                    .setData(ByteString.copyFrom(data))).build());
        }
        out.onCompleted();
    }

    @Override
    public StreamObserver<PutFrame> put(StreamObserver<PutResult> response) {
        int call = putCalls.incrementAndGet();
        return new StreamObserver<>() {
            int begun;

            @Override
            public void onNext(PutFrame frame) {
                if (frame.hasBegin()) {
                    begun++;
                }
            }

            @Override
            public void onError(Throwable t) {
            }

            @Override
            public void onCompleted() {
                if (hang) {
                    return;
                }
                if (call <= failPuts) {
                    response.onError(failWith.withDescription("scripted failure " + call).asException());
                    return;
                }
                response.onNext(PutResult.newBuilder().setStored(begun).build());
                response.onCompleted();
            }
        };
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
