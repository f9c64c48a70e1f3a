package dev.tandem.protocol.kv.client;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A server-streaming call read by one thread, with messages requested {@code window} ahead and
 * queued as the transport delivers them. grpc-java's blocking call asks the transport for one
 * message per read, so every message costs a hand-off to the transport thread and back (two
 * thread wake-ups, about as long as copying a 256 KiB chunk here); this asks again once per half
 * window. Flow control still holds: at most {@code window} messages wait in the queue.
 *
 * <p>Messages that are {@link AutoCloseable} (received frames holding transport buffers) and are
 * never read are closed when the call ends early.
 */
final class ReadAheadCall<ReqT, RespT> extends ClientCall.Listener<RespT> {

    private record End(Status status, Metadata trailers) {
    }

    private final ClientCall<ReqT, RespT> call;
    private final int window;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private int readSinceRequest;
    private End end;
    private volatile boolean cancelled;

    private ReadAheadCall(ClientCall<ReqT, RespT> call, int window) {
        this.call = call;
        this.window = window;
    }

    /** Starts the call: sends {@code request}, half-closes, and asks for the first {@code window} messages. */
    static <ReqT, RespT> ReadAheadCall<ReqT, RespT> start(Channel channel, MethodDescriptor<ReqT, RespT> method,
                                                           CallOptions options, ReqT request, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("window must be at least 2, got " + window);
        }
        ReadAheadCall<ReqT, RespT> reader = new ReadAheadCall<>(channel.newCall(method, options), window);
        reader.call.start(reader, new Metadata());
        reader.call.sendMessage(request);
        reader.call.halfClose();
        reader.call.request(window);
        return reader;
    }

    @Override
    public void onMessage(RespT message) {
        queue.add(message);
        if (cancelled) {
            releaseUnread();
        }
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        queue.add(new End(status, trailers));
    }

    /**
     * The next message, waiting for it; null once the stream ended well. The call's deadline
     * bounds the wait: when it passes the call closes with DEADLINE_EXCEEDED.
     *
     * @throws StatusException when the stream ended with an error
     */
    @SuppressWarnings("unchecked")
    RespT next() throws InterruptedException, StatusException {
        if (end == null) {
            Object next = queue.take();
            if (!(next instanceof End e)) {
                if (++readSinceRequest == window / 2) {
                    call.request(readSinceRequest);
                    readSinceRequest = 0;
                }
                return (RespT) next;
            }
            end = e;
        }
        if (end.status().isOk()) {
            return null;
        }
        throw end.status().asException(end.trailers());
    }

    /** Ends the call early (the server sees a cancellation) and releases what was received but not read. */
    void cancel(String message, Throwable cause) {
        cancelled = true;
        call.cancel(message, cause);
        releaseUnread();
    }

    private void releaseUnread() {
        queue.removeIf(left -> {
            if (left instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Releasing a transport buffer does not fail in a way the caller could act on.
                }
                return true;
            }
            return false;
        });
    }
}
