package dev.tandem.gateway.client;

import dev.tandem.gateway.routing.RouteRequest;
import dev.tandem.gateway.routing.WorkerRouter;
import dev.tandem.protocol.decode.Finished;
import dev.tandem.protocol.decode.GenerateRequest;
import dev.tandem.protocol.decode.GenerateResponse;
import dev.tandem.protocol.decode.Token;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;

/**
 * Runs Generate calls on routed workers. A call that fails with UNAVAILABLE or RESOURCE_EXHAUSTED before any
 * token arrived is retried once on another worker; cancelling a call cancels the gRPC stream, so the worker frees
 * the request's KV at once.
 */
@ApplicationScoped
public class DecodeDispatcher {

    /** Where a call's results go; called on gRPC threads, one call's callbacks never concurrently. */
    public interface Listener {

        void onTokens(List<Token> tokens);

        void onFinished(Finished finished);

        void onError(Status status);
    }

    /** A running call. */
    public interface Call {

        void cancel();
    }

    private static final Logger LOG = Logger.getLogger(DecodeDispatcher.class);

    private final WorkerRouter router;

    public DecodeDispatcher(WorkerRouter router) {
        this.router = router;
    }

    /** Starts the call; a routing failure (no healthy worker) is thrown here as an ApiException. */
    public Call dispatch(GenerateRequest request, RouteRequest route, Listener listener) {
        DecodeWorker worker = router.choose(route, Set.of());
        Attempt attempt = new Attempt(request, route, listener, worker, false);
        attempt.start();
        return attempt;
    }

    private final class Attempt implements ClientResponseObserver<GenerateRequest, GenerateResponse>, Call {

        private final GenerateRequest request;
        private final RouteRequest route;
        private final Listener listener;
        private final DecodeWorker worker;
        private final boolean isRetry;
        private volatile ClientCallStreamObserver<GenerateRequest> stream;
        private volatile Attempt retry;
        private volatile boolean cancelled;
        private boolean streamedTokens;
        private boolean finished;

        Attempt(GenerateRequest request, RouteRequest route, Listener listener, DecodeWorker worker, boolean isRetry) {
            this.request = request;
            this.route = route;
            this.listener = listener;
            this.worker = worker;
            this.isRetry = isRetry;
        }

        void start() {
            worker.started();
            worker.stub().generate(request, this);
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<GenerateRequest> requestStream) {
            this.stream = requestStream;
        }

        @Override
        public void onNext(GenerateResponse response) {
            try {
                deliver(response);
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not process the output of %s", worker.id());
                cancel();
                listener.onError(Status.INTERNAL.withDescription("the gateway could not process the worker's output: " + e)
                        .withCause(e));
            }
        }

        private void deliver(GenerateResponse response) {
            switch (response.getEventCase()) {
                case TOKENS -> {
                    streamedTokens = true;
                    listener.onTokens(response.getTokens().getTokensList());
                }
                case FINISHED -> {
                    finished = true;
                    listener.onFinished(response.getFinished());
                }
                case EVENT_NOT_SET -> {
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            worker.ended();
            Status status = Status.fromThrowable(error);
            if (status.getCode() != Status.Code.CANCELLED || !cancelled) {
                LOG.debugf(error, "Generate on %s failed", worker.id());
            }
            if (cancelled) {
                return;
            }
            if (status.getCode() == Status.Code.UNAVAILABLE) {
                worker.markUnhealthy("Generate failed: " + status.getDescription());
            }
            if (!isRetry && !streamedTokens && WorkerErrors.retriable(status) && retryElsewhere()) {
                return;
            }
            listener.onError(status);
        }

        @Override
        public void onCompleted() {
            worker.ended();
            if (!finished && !cancelled) {
                listener.onError(Status.INTERNAL.withDescription("the worker ended the stream without a Finished message"));
            }
        }

        private boolean retryElsewhere() {
            DecodeWorker other;
            try {
                other = router.choose(route, Set.of(worker.id()));
            } catch (RuntimeException noOther) {
                return false;
            }
            Attempt next = new Attempt(request, route, listener, other, true);
            retry = next;
            next.start();
            if (cancelled) {
                next.cancel();
            }
            return true;
        }

        @Override
        public void cancel() {
            cancelled = true;
            Attempt next = retry;
            if (next != null) {
                next.cancel();
            }
            ClientCallStreamObserver<GenerateRequest> call = stream;
            if (call != null) {
                call.cancel("the client cancelled the request", null);
            }
        }
    }
}
