package dev.tandem.protocol.kv.client;

import dev.tandem.protocol.kv.BlockKey;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** Groups the positions of a request by the replica their keys are placed on. */
final class PlacementGroups {

    /** Positions 0..n-1 by replica, in request order within each replica. */
    Map<Replica, int[]> byReplica(int n, IntFunction<BlockKey> keys, List<Replica> replicas) {
        Map<Replica, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(RendezvousPlacement.place(keys.apply(i), replicas), r -> new ArrayList<>()).add(i);
        }
        Map<Replica, int[]> out = new LinkedHashMap<>();
        groups.forEach((r, list) -> out.put(r, list.stream().mapToInt(Integer::intValue).toArray()));
        return out;
    }

    /** Splits positions into at most {@code parts} contiguous, non-empty shares. */
    List<int[]> split(int[] positions, int parts) {
        int n = Math.min(parts, positions.length);
        List<int[]> shares = new ArrayList<>(n);
        for (int p = 0; p < n; p++) {
            shares.add(Arrays.copyOfRange(positions, (int) ((long) positions.length * p / n),
                    (int) ((long) positions.length * (p + 1) / n)));
        }
        return shares;
    }
}
