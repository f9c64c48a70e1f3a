package dev.tandem.kvstore.grpc;

import com.google.protobuf.ByteString;
import dev.tandem.protocol.grpc.BlockChunk;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.kv.wire.ReceivedFrame;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test hook on the wire: flips one byte in the next {@code budget} block chunks that the client
 * receives (gets) or sends (puts), after the sender computed its checksum.
 */
final class WireCorruption implements ClientInterceptor {

    final AtomicInteger budget;
    final AtomicInteger flipped = new AtomicInteger();

    WireCorruption(int budget) {
        this.budget = new AtomicInteger(budget);
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            @SuppressWarnings("unchecked")
            public void sendMessage(Q message) {
                if (message instanceof PutFrame f && f.hasChunk() && take()) {
                    message = (Q) PutFrame.newBuilder().setChunk(flip(f.getChunk())).build();
                }
                super.sendMessage(message);
            }

            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                    @Override
                    public void onMessage(R message) {
                        if (message instanceof ReceivedFrame<?> f && f.isChunk() && take()) {
                            flip(f.data().getFirst());
                        }
                        super.onMessage(message);
                    }
                }, headers);
            }
        };
    }

    private boolean take() {
        return budget.getAndUpdate(b -> Math.max(0, b - 1)) > 0;
    }

    /** Flips a byte in the receive buffer itself. */
    private void flip(ByteBuffer received) {
        int at = received.position() + received.remaining() / 2;
        received.put(at, (byte) (received.get(at) ^ 0x10));
        flipped.incrementAndGet();
    }

    private BlockChunk flip(BlockChunk chunk) {
        byte[] data = chunk.getData().toByteArray();
        data[data.length / 2] ^= 0x10;
        flipped.incrementAndGet();
        return chunk.toBuilder().setData(ByteString.copyFrom(data)).build();
    }
}
