package dev.tandem.decode.prefill;

import dev.tandem.decode.prefill.RemotePrefill.Fallback;
import dev.tandem.decode.prefill.RemotePrefill.Identity;
import dev.tandem.decode.service.LoadedEngine;
import dev.tandem.engine.cache.KvSnapshot;
import dev.tandem.engine.serving.EngineRequest;
import dev.tandem.engine.serving.PrefillHandoff;
import dev.tandem.engine.serving.TokenSink;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.kv.client.BlockSink;
import dev.tandem.protocol.kv.client.BlockStatus;
import dev.tandem.protocol.kv.client.SubscribeResult;
import dev.tandem.protocol.prefill.PrefillTask;
import org.jboss.logging.Logger;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One request waiting for its remote prefill, on a virtual thread: publish the task, subscribe to
 * its blocks and entry in the kv-store (blocks land in a staging copy of the prompt's KV), then
 * hand the request to the engine — decode-only from the handoff, or with a local prefill when
 * anything failed or the timeout passed. A cancel ends it at any point before that hand-over; a
 * result that comes after it is never looked at.
 */
final class RemoteWait {

    private static final Logger LOG = Logger.getLogger(RemoteWait.class);

    private enum State { WAITING, SUBMITTED, CANCELLED }

    private final RemotePrefill owner;
    private final LoadedEngine loaded;
    private final Identity identity;
    private final EngineRequest request;
    private final PrefillTask task;
    private final TokenSink sink;
    private State state = State.WAITING;
    private Thread thread;
    private boolean subscribing;
    private volatile Throwable brokerFailure;

    RemoteWait(RemotePrefill owner, LoadedEngine loaded, Identity identity, EngineRequest request, PrefillTask task, TokenSink sink) {
        this.owner = owner;
        this.loaded = loaded;
        this.identity = identity;
        this.request = request;
        this.task = task;
        this.sink = sink;
    }

    synchronized void start() {
        thread = Thread.ofVirtual().name("remote-prefill-" + request.id()).start(this::run);
    }

    boolean cancel() {
        synchronized (this) {
            if (state != State.WAITING) {
                return false;
            }
            state = State.CANCELLED;
            if (subscribing) {
                thread.interrupt();
            }
        }
        owner.ended(request.id());
        owner.messaging().cancel(task.requestId());
        sink.onError(new CancellationException("request " + request.id() + " was cancelled while its prompt was prefilled remotely"));
        return true;
    }

    private void run() {
        long started = System.nanoTime();
        List<BlockKey> keys = task.blockKeys();
        Staging staging = new Staging(identity.wireLayout(), keys.size());
        SubscribeResult result = null;
        Fallback failure = null;
        try {
            owner.messaging().publish(task).whenComplete((ok, e) -> {
                if (e != null) {
                    brokerFailure = e;
                    interruptIfSubscribing();
                }
            });
            if (!beginSubscribing()) {
                return;
            }
            result = owner.kv().client().subscribe(keys, task.requestId(), owner.timeout(), staging);
        } catch (RuntimeException e) {
            LOG.warnf("remote prefill of %s: kv-store: %s", request.id(), e.getMessage());
            failure = Fallback.KV_STORE;
        } finally {
            endSubscribing();
        }
        if (brokerFailure != null) {
            LOG.warnf("remote prefill of %s: the task was not published: %s", request.id(), brokerFailure.getMessage());
            failure = Fallback.BROKER;
        } else if (failure == null) {
            failure = check(result, keys, staging);
        }
        owner.metrics().remoteWait(System.nanoTime() - started, failure == null);
        if (failure == null) {
            PrefillResult entry = result.entry().orElseThrow();
            PrefillHandoff handoff = new PrefillHandoff(entry.firstToken(),
                    new KvSnapshot(identity.layout(), request.promptIds().length, staging.bytes()));
            submit(new EngineRequest(request.id(), request.promptIds(), request.maxTokens(), request.sampling(), request.ignoreEos(),
                    request.stopTokenIds(), EngineRequest.Role.DECODE_ONLY, handoff), null);
        } else {
            submit(request, failure);
        }
    }

    /** Hands the request to the engine unless it was cancelled meanwhile. */
    private void submit(EngineRequest engineRequest, Fallback fallback) {
        synchronized (this) {
            if (state != State.WAITING) {
                return;
            }
            state = State.SUBMITTED;
            owner.ended(request.id());
            try {
                if (fallback == null) {
                    owner.metrics().prefill(true);
                    loaded.engine().submit(engineRequest, sink);
                    return;
                }
                LOG.debugf("remote prefill of %s failed (%s): prefilling locally", request.id(), fallback.tag());
                owner.fellBack(fallback);
                if (fallback != Fallback.BROKER) {
                    owner.messaging().cancel(task.requestId());
                }
                owner.local(loaded, engineRequest, sink);
            } catch (RuntimeException e) {
                sink.onError(e);
            }
        }
    }

    private static Fallback check(SubscribeResult result, List<BlockKey> keys, Staging staging) {
        if (staging.wrongLayout) {
            return Fallback.CORRUPT;
        }
        if (result.complete(true)) {
            return result.entry().orElseThrow().blocks().equals(keys) ? null : Fallback.CORRUPT;
        }
        List<BlockStatus> statuses = result.blocks().statuses();
        if (statuses.contains(BlockStatus.CORRUPT)) {
            return Fallback.CORRUPT;
        }
        return statuses.contains(BlockStatus.UNAVAILABLE) ? Fallback.KV_STORE : Fallback.TIMEOUT;
    }

    private synchronized boolean beginSubscribing() {
        subscribing = state == State.WAITING && brokerFailure == null;
        return subscribing;
    }

    private synchronized void endSubscribing() {
        subscribing = false;
        Thread.interrupted();
    }

    private synchronized void interruptIfSubscribing() {
        if (subscribing) {
            thread.interrupt();
        }
    }

    /** The prompt's blocks as they land, in prompt order: the bytes of the handoff's snapshot. */
    private static final class Staging implements BlockSink {

        private final dev.tandem.protocol.kv.KvLayout layout;
        private final byte[] bytes;
        private final MemorySegment segment;
        private volatile boolean wrongLayout;

        Staging(dev.tandem.protocol.kv.KvLayout layout, int blocks) {
            this.layout = layout;
            this.bytes = new byte[Math.multiplyExact(blocks, layout.blockBytes())];
            this.segment = MemorySegment.ofArray(bytes);
        }

        @Override
        public MemorySegment target(int index, BlockKey key, dev.tandem.protocol.kv.KvLayout blockLayout, long length) {
            if (!layout.equals(blockLayout) || length != layout.blockBytes()) {
                wrongLayout = true;
                return MemorySegment.ofArray(new byte[Math.toIntExact(length)]);
            }
            return segment.asSlice((long) index * layout.blockBytes(), length);
        }

        byte[] bytes() {
            return bytes;
        }
    }
}
