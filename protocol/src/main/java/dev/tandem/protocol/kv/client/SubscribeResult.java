package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.PrefillResult;

import java.util.Optional;

/**
 * The end of a subscription: each block's status ({@link BlockStatus#TIMED_OUT} for those that did
 * not land in time) and the request's entry when it was asked for and landed.
 */
public record SubscribeResult(GetResult blocks, Optional<PrefillResult> entry) {

    /** Everything asked for arrived. */
    public boolean complete(boolean entryRequested) {
        return blocks.allLanded() && (!entryRequested || entry.isPresent());
    }
}
