package dev.tandem.kvstore.grpc;

import com.google.protobuf.ByteString;
import dev.tandem.kvstore.pool.PoolFile;
import dev.tandem.kvstore.service.PoolLifecycle;
import dev.tandem.kvstore.store.BlockStore;
import dev.tandem.kvstore.store.WriteSlot;
import dev.tandem.protocol.grpc.BlockBegin;
import dev.tandem.protocol.grpc.BlockCommit;
import dev.tandem.protocol.grpc.CommitRequest;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.grpc.Reservation;
import dev.tandem.protocol.grpc.ReserveRequest;
import dev.tandem.protocol.grpc.ReserveResponse;
import dev.tandem.protocol.kv.KvWire;
import io.grpc.Status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared-memory writes: reserve private slots for a batch of blocks, let the co-located client
 * write them in place through its mapping of the pool file, then publish them — verifying their
 * CRC32C first when configured to; readers verify every block they read either way.
 */
final class ReservationCalls {

    private final PoolLifecycle lifecycle;
    private final boolean verifyWrites;

    ReservationCalls(PoolLifecycle lifecycle, boolean verifyWrites) {
        this.lifecycle = lifecycle;
        this.verifyWrites = verifyWrites;
    }

    ReserveResponse reserve(ReserveRequest request) {
        BlockStore store = lifecycle.store();
        Duration ttl = store.settings().lease(request.getLeaseMs());
        List<WriteSlot> slots = new ArrayList<>(request.getBlocksCount());
        try {
            for (int slot = 0; slot < request.getBlocksCount(); slot++) {
                BlockBegin begin = request.getBlocks(slot);
                if (begin.getSlot() != slot) {
                    throw GrpcErrors.invalid("reserved block slots must count from 0 in order: expected " + slot
                            + ", got " + begin.getSlot());
                }
                slots.add(store.beginWrite(KvWire.fromProto(begin.getKey()), KvWire.fromProto(begin.getLayout()),
                        begin.getLength(), ttl));
            }
        } catch (RuntimeException e) {
            slots.forEach(store::abort);
            throw e;
        }
        ReserveResponse.Builder response = ReserveResponse.newBuilder().setReservationId(store.reserve(slots))
                .setPoolToken(ByteString.copyFrom(lifecycle.pool().token()));
        for (int slot = 0; slot < slots.size(); slot++) {
            WriteSlot write = slots.get(slot);
            Reservation.Builder r = Reservation.newBuilder().setSlot(slot).setDuplicate(write.duplicate());
            if (!write.duplicate()) {
                r.setOffset(PoolFile.HEADER_BYTES + write.offset());
            }
            response.addSlots(r);
        }
        return response.build();
    }

    PutResult commit(CommitRequest request) {
        BlockStore store = lifecycle.store();
        long start = System.nanoTime();
        List<WriteSlot> slots = store.takeReservation(request.getReservationId())
                .orElseThrow(() -> Status.ABORTED.withDescription("reservation " + request.getReservationId()
                        + " expired or was already committed").asRuntimeException());
        boolean[] committed = new boolean[slots.size()];
        int stored = 0;
        int duplicates = 0;
        RuntimeException failure = null;
        for (BlockCommit commit : request.getCommitsList()) {
            int slot = commit.getSlot();
            if (slot < 0 || slot >= slots.size() || committed[slot]) {
                failure = failure != null ? failure : GrpcErrors.invalid("commit of slot " + slot + " not reserved");
                continue;
            }
            committed[slot] = true;
            try {
                if (store.commit(slots.get(slot), commit.getCrc32C(), verifyWrites)) {
                    stored++;
                } else {
                    duplicates++;
                }
            } catch (RuntimeException e) {
                failure = failure != null ? failure : e;
            }
        }
        for (int slot = 0; slot < slots.size(); slot++) {
            if (!committed[slot]) {
                store.abort(slots.get(slot));
            }
        }
        if (failure != null) {
            throw failure;
        }
        lifecycle.metrics().transfer("commit", System.nanoTime() - start);
        return PutResult.newBuilder().setStored(stored).setDuplicates(duplicates).build();
    }
}
