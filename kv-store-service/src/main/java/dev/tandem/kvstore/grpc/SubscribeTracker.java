package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.store.StoredBlock;
import dev.tandem.kvstore.store.SubscriptionListener;
import dev.tandem.protocol.grpc.MissReason;
import dev.tandem.protocol.kv.PrefillResult;

/**
 * Turns a store subscription into stream items: each slot once, the entry once, and the end when
 * everything arrived or the timeout fired (then the missing slots end as TIMED_OUT misses).
 */
final class SubscribeTracker implements SubscriptionListener {

    private final BlockStreamer streamer;
    private final boolean[] delivered;
    private final boolean entryWanted;
    private boolean entryDelivered;
    private int remaining;
    private boolean done;

    SubscribeTracker(BlockStreamer streamer, int slots, boolean entryWanted) {
        this.streamer = streamer;
        this.delivered = new boolean[slots];
        this.entryWanted = entryWanted;
        this.remaining = slots + (entryWanted ? 1 : 0);
        if (remaining == 0) {
            end();
        }
    }

    @Override
    public synchronized void onBlock(int slot, StoredBlock block) {
        if (done || delivered[slot]) {
            return;
        }
        delivered[slot] = true;
        streamer.enqueue(new BlockStreamer.BlockItem(slot, block));
        arrived();
    }

    @Override
    public synchronized void onEntry(PrefillResult entry) {
        if (done || !entryWanted || entryDelivered) {
            return;
        }
        entryDelivered = true;
        streamer.enqueue(new BlockStreamer.EntryItem(entry));
        arrived();
    }

    synchronized void timeout() {
        if (done) {
            return;
        }
        for (int slot = 0; slot < delivered.length; slot++) {
            if (!delivered[slot]) {
                streamer.enqueue(new BlockStreamer.MissItem(slot, MissReason.MISS_TIMED_OUT));
            }
        }
        end();
    }

    private void arrived() {
        if (--remaining == 0) {
            end();
        }
    }

    private void end() {
        done = true;
        streamer.enqueue(new BlockStreamer.EndItem());
    }
}
