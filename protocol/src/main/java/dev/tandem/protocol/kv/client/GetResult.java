package dev.tandem.protocol.kv.client;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** The status of each requested block, by its index in the request. */
public record GetResult(List<BlockStatus> statuses) {

    public GetResult {
        statuses = List.copyOf(statuses);
    }

    static GetResult of(BlockStatus[] statuses) {
        return new GetResult(Arrays.asList(statuses));
    }

    public boolean landed(int index) {
        return statuses.get(index) == BlockStatus.LANDED;
    }

    public boolean allLanded() {
        return statuses.stream().allMatch(s -> s == BlockStatus.LANDED);
    }

    public int landedCount() {
        return (int) statuses.stream().filter(s -> s == BlockStatus.LANDED).count();
    }

    /** Indexes of the blocks that did not land. */
    public int[] missing() {
        return IntStream.range(0, statuses.size()).filter(i -> !landed(i)).toArray();
    }
}
