package dev.tandem.prefill.service;

import dev.tandem.engine.serving.LayerKv;
import dev.tandem.engine.serving.LayerKvSink;
import dev.tandem.protocol.kv.BlockChecksum;
import dev.tandem.protocol.kv.BlockKey;
import dev.tandem.protocol.kv.KvLayout;
import dev.tandem.protocol.kv.client.KvClient;
import dev.tandem.protocol.kv.client.PutSummary;
import dev.tandem.protocol.kv.client.StreamingPut;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Streams one prompt's KV to the kv-store as the engine computes it: each layer's new rows are
 * copied (on the engine's thread, never blocking) into the block's staging bytes and queued; a
 * sender thread writes them to a {@link StreamingPut} and commits each block once its last layer
 * is in. Blocks are streamed from the first one the engine computes from its start; earlier ones
 * came from a cache (see {@link #firstStreamedBlock()}). The tail of a partial last block is zeros.
 */
final class LayerStreamer implements LayerKvSink {

    private sealed interface Event permits Rows, Commit, End {
    }

    private record Rows(int block, long offset, long length) implements Event {
    }

    private record Commit(int block) implements Event {
    }

    private record End() implements Event {
    }

    private final List<BlockKey> keys;
    private final KvLayout layout;
    private final int promptLength;
    private final KvClient client;
    private final Duration timeout;
    private final AtomicReferenceArray<byte[]> staging;
    private final LinkedBlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread sender;
    private volatile int firstStreamed = -1;
    private volatile RuntimeException failure;
    private PutSummary summary = new PutSummary(0, 0);
    private int committed;

    LayerStreamer(String requestId, List<BlockKey> keys, KvLayout layout, int promptLength, KvClient client, Duration timeout) {
        this.keys = keys;
        this.layout = layout;
        this.promptLength = promptLength;
        this.client = client;
        this.timeout = timeout;
        this.staging = new AtomicReferenceArray<>(keys.size());
        this.sender = Thread.ofVirtual().name("prefill-kv-sender-" + requestId).start(this::send);
    }

    @Override
    public void onLayer(LayerKv kv) {
        int blockSize = layout.blockSize();
        if (firstStreamed < 0) {
            firstStreamed = (kv.from() + blockSize - 1) / blockSize;
        }
        long rowBytes = (long) layout.kvHeads() * layout.headDim() * layout.dtype().bytes();
        for (int b = Math.max(firstStreamed, kv.from() / blockSize); b * blockSize < kv.to(); b++) {
            int from = Math.max(kv.from(), b * blockSize) - b * blockSize;
            int to = Math.min(kv.to(), (b + 1) * blockSize) - b * blockSize;
            byte[] block = staging(b);
            for (boolean value : new boolean[] {false, true}) {
                MemorySegment rows = kv.rows(b, value, from, to);
                long offset = (value ? layout.valueOffset(kv.layer()) : layout.keyOffset(kv.layer())) + from * rowBytes;
                MemorySegment.copy(rows, 0, MemorySegment.ofArray(block), offset, rows.byteSize());
                events.add(new Rows(b, offset, rows.byteSize()));
            }
            int blockEnd = Math.min((b + 1) * blockSize, promptLength);
            if (kv.layer() == layout.layers() - 1 && kv.to() >= blockEnd) {
                events.add(new Commit(b));
            }
        }
    }

    /** The first block this run computed from its start and streamed; blocks before it came from a cache. */
    int firstStreamedBlock() {
        return firstStreamed < 0 ? keys.size() : firstStreamed;
    }

    /** Waits for every queued block to be sent and the put to end; throws what the put failed with. */
    PutSummary finish() throws InterruptedException {
        events.add(new End());
        sender.join();
        if (failure != null) {
            throw failure;
        }
        int expected = keys.size() - firstStreamedBlock();
        if (committed != expected) {
            throw new IllegalStateException("streamed %d of the %d blocks computed".formatted(committed, expected));
        }
        return summary;
    }

    /** Drops the put (cancellation, failure): nothing uncommitted is stored. */
    void abandon() {
        events.add(new End());
        sender.interrupt();
    }

    private byte[] staging(int block) {
        byte[] bytes = staging.get(block);
        if (bytes == null) {
            bytes = new byte[layout.blockBytes()];
            staging.set(block, bytes);
        }
        return bytes;
    }

    private void send() {
        StreamingPut put = null;
        boolean[] begun = new boolean[keys.size()];
        // A preempted prompt is recomputed and its blocks streamed again: the store keeps one copy.
        boolean[] done = new boolean[keys.size()];
        try {
            while (true) {
                Event event = events.take();
                if (event instanceof End) {
                    break;
                }
                if (failure != null) {
                    continue;
                }
                if (put == null) {
                    put = client.openStreamingPut(timeout);
                }
                switch (event) {
                    case Rows rows -> {
                        BlockKey key = keys.get(rows.block());
                        if (!begun[rows.block()]) {
                            put.begin(key, layout);
                            begun[rows.block()] = true;
                        }
                        MemorySegment bytes = MemorySegment.ofArray(staging.get(rows.block())).asSlice(rows.offset(), rows.length());
                        put.write(key, rows.offset(), bytes);
                    }
                    case Commit commit -> {
                        put.commit(keys.get(commit.block()), BlockChecksum.of(MemorySegment.ofArray(staging.get(commit.block()))));
                        begun[commit.block()] = false;
                        if (!done[commit.block()]) {
                            done[commit.block()] = true;
                            committed++;
                        }
                    }
                    case End end -> throw new IllegalStateException("unreachable");
                }
            }
            if (put != null && failure == null) {
                summary = put.finish();
            }
        } catch (InterruptedException e) {
            failure = new IllegalStateException("the KV stream was abandoned");
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            if (put != null) {
                put.close();
            }
        }
    }
}
