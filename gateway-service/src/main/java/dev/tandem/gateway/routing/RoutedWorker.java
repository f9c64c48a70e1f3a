package dev.tandem.gateway.routing;

import java.util.Optional;

/** What a routing policy sees of a decode worker. */
public interface RoutedWorker {

    /** Unique and stable: the worker's address. */
    String id();

    /** Requests running and waiting there (the larger of its last report and what this gateway has in flight). */
    int load();

    /** Fraction of its KV blocks in use, 0 when unknown. */
    double kvUsage();

    /** How its KV cache cuts prompts into blocks; empty until its Info has been read. */
    Optional<BlockLayout> blockLayout();
}
