package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.store.BlockStore;
import dev.tandem.kvstore.store.StoreMetrics;
import dev.tandem.kvstore.store.WriteSlot;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockCommit;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.kv.KvWire;
import dev.tandem.protocol.kv.wire.ReceivedFrame;
import io.grpc.stub.StreamObserver;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One client-streaming put: each BlockBegin reserves a private slot, chunks are copied from the
 * receive buffers straight into it (the only copy on the store's side), and the BlockCommit
 * verifies the CRC32C and publishes the block. Chunks that arrive in order (as a whole-block put
 * sends them) are checksummed as they are copied, while in cache, so the commit does not read
 * the block again; a block written out of order is checksummed at its commit. Any failure aborts
 * the slots still open and ends the call with a status.
 */
final class PutStream implements StreamObserver<ReceivedFrame<PutFrame>> {

    private final BlockStore store;
    private final StoreMetrics metrics;
    private final StreamObserver<PutResult> response;
    private final Duration writeTtl;
    private final long startNanos = System.nanoTime();
    /** By slot number; null once committed. */
    private final List<WriteSlot> open = new ArrayList<>();
    /** By slot number: the running CRC32C while the slot's chunks came in order; null once not (or committed). */
    private final List<InOrderChecksum> inOrder = new ArrayList<>();
    private int stored;
    private int duplicates;
    private boolean failed;

    PutStream(BlockStore store, StoreMetrics metrics, StreamObserver<PutResult> response, Duration writeTtl) {
        this.store = store;
        this.metrics = metrics;
        this.response = response;
        this.writeTtl = writeTtl;
    }

    @Override
    public void onNext(ReceivedFrame<PutFrame> received) {
        try (received) {
            if (failed) {
                return;
            }
            if (received.isChunk()) {
                chunk(received);
                return;
            }
            PutFrame frame = received.frame();
            switch (frame.getFrameCase()) {
                case BEGIN -> begin(frame.getBegin());
                case COMMIT -> commit(frame.getCommit());
                case CHUNK -> throw new IllegalStateException("chunks arrive as received chunks");
                case FRAME_NOT_SET -> throw GrpcErrors.invalid("empty put frame");
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onError(Throwable t) {
        abortOpen();
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        for (int slot = 0; slot < open.size(); slot++) {
            if (open.get(slot) != null) {
                fail(GrpcErrors.invalid("put ended with block slot " + slot + " begun but not committed"));
                return;
            }
        }
        response.onNext(PutResult.newBuilder().setStored(stored).setDuplicates(duplicates).build());
        response.onCompleted();
        metrics.transfer("put", System.nanoTime() - startNanos);
    }

    private void begin(BlockBegin begin) {
        if (begin.getSlot() != open.size()) {
            throw GrpcErrors.invalid("put block slots must count from 0 in order: expected " + open.size()
                    + ", got " + begin.getSlot());
        }
        open.add(store.beginWrite(KvWire.fromProto(begin.getKey()), KvWire.fromProto(begin.getLayout()),
                begin.getLength(), writeTtl));
        inOrder.add(new InOrderChecksum());
    }

    /** Copies the chunk's bytes from the receive buffers straight into the block's slot. */
    private void chunk(ReceivedFrame<PutFrame> chunk) {
        WriteSlot write = openSlot(chunk.slot());
        if (write.duplicate()) {
            return;
        }
        long offset = chunk.offset();
        if (offset < 0 || offset + chunk.length() > write.length()) {
            throw GrpcErrors.invalid("chunk at " + offset + "+" + chunk.length() + " outside block slot "
                    + chunk.slot() + " of " + write.length() + " bytes");
        }
        MemorySegment target = store.writable(write).asSlice(offset, chunk.length());
        InOrderChecksum running = inOrder.get(chunk.slot());
        if (running != null && offset == running.written) {
            chunk.copyTo(target, running.crc);
            running.written += chunk.length();
        } else {
            inOrder.set(chunk.slot(), null);
            chunk.copyTo(target, null);
        }
    }

    private void commit(BlockCommit commit) {
        WriteSlot write = openSlot(commit.getSlot());
        open.set(commit.getSlot(), null);
        InOrderChecksum running = inOrder.get(commit.getSlot());
        boolean checked = running != null && running.written == write.length();
        inOrder.set(commit.getSlot(), null);
        if (checked ? store.commitChecked(write, commit.getCrc32C(), (int) running.crc.getValue())
                : store.commit(write, commit.getCrc32C())) {
            stored++;
        } else {
            duplicates++;
        }
    }

    private WriteSlot openSlot(int slot) {
        WriteSlot write = slot >= 0 && slot < open.size() ? open.get(slot) : null;
        if (write == null) {
            throw GrpcErrors.invalid("block slot " + slot + " is not open in this put");
        }
        return write;
    }

    private void fail(RuntimeException e) {
        failed = true;
        abortOpen();
        response.onError(GrpcErrors.toStatus(e));
    }

    private void abortOpen() {
        for (int slot = 0; slot < open.size(); slot++) {
            WriteSlot write = open.get(slot);
            if (write != null) {
                store.abort(write);
                open.set(slot, null);
            }
        }
    }

    /** The CRC32C of a slot's first {@code written} bytes, kept while its chunks arrive in order. */
    private static final class InOrderChecksum {
        final CRC32C crc = new CRC32C();
        long written;
    }
}
