package dev.tandem.engine.serving;

import dev.tandem.engine.cache.BlockManager;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Continuous batching: each step takes the running sequences (oldest first: decode tokens and
 * unfinished prompt chunks) and then admits waiting ones, within a token budget and
 * {@code maxNumSeqs}. When blocks run out, the newest running sequence is preempted: its blocks are
 * freed and it waits at the front of the queue to be recomputed.
 */
final class Scheduler {

    /** Tokens to run this step: {@code counts[i]} pending tokens of {@code sequences.get(i)}. */
    record Step(List<Sequence> sequences, int[] counts) {
        boolean isEmpty() {
            return sequences.isEmpty();
        }
    }

    private final BlockManager blocks;
    private final Consumer<Sequence> admitted;
    private final int maxNumSeqs;
    private final int tokenBudget;
    private final Deque<Sequence> waiting = new ArrayDeque<>();
    private final List<Sequence> running = new ArrayList<>();
    private long preemptions;

    /** {@code admitted} runs when a waiting sequence gets its blocks (decode-only requests load their KV then). */
    Scheduler(BlockManager blocks, int maxNumSeqs, int tokenBudget, Consumer<Sequence> admitted) {
        this.blocks = blocks;
        this.admitted = admitted;
        this.maxNumSeqs = maxNumSeqs;
        this.tokenBudget = tokenBudget;
    }

    void add(Sequence sequence) {
        waiting.addLast(sequence);
    }

    boolean hasWork() {
        return !waiting.isEmpty() || !running.isEmpty();
    }

    int runningCount() {
        return running.size();
    }

    int waitingCount() {
        return waiting.size();
    }

    long preemptions() {
        return preemptions;
    }

    List<Sequence> live() {
        List<Sequence> live = new ArrayList<>(running);
        live.addAll(waiting);
        return live;
    }

    Step schedule() {
        List<Sequence> scheduled = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        int budget = tokenBudget;
        for (int i = 0; i < running.size() && budget > 0; i++) {
            Sequence sequence = running.get(i);
            int n = Math.min(sequence.pending(), budget);
            int needed = sequence.computedTokens() + n;
            while (!blocks.canAppend(sequence, needed) && running.getLast() != sequence) {
                preempt(running.getLast());
            }
            if (!blocks.canAppend(sequence, needed)) {
                preempt(sequence);
                break;
            }
            blocks.append(sequence, needed);
            scheduled.add(sequence);
            counts.add(n);
            budget -= n;
        }
        while (!waiting.isEmpty() && budget > 0 && running.size() < maxNumSeqs && blocks.canAllocate(waiting.peekFirst())) {
            Sequence sequence = waiting.pollFirst();
            blocks.allocate(sequence);
            sequence.allocated();
            admitted.accept(sequence);
            sequence.status = Sequence.Status.RUNNING;
            running.add(sequence);
            int n = Math.min(sequence.pending(), budget);
            scheduled.add(sequence);
            counts.add(n);
            budget -= n;
        }
        return new Step(scheduled, counts.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Ends a sequence (finished or aborted) wherever it is, returning its blocks. */
    void remove(Sequence sequence) {
        running.remove(sequence);
        waiting.remove(sequence);
        blocks.deallocate(sequence);
        sequence.status = Sequence.Status.FINISHED;
    }

    private void preempt(Sequence sequence) {
        running.remove(sequence);
        blocks.deallocate(sequence);
        sequence.status = Sequence.Status.WAITING;
        waiting.addFirst(sequence);
        preemptions++;
    }
}
