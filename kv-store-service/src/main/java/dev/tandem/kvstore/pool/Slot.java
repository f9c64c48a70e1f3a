package dev.tandem.kvstore.pool;

/** A fixed-size piece of a slab: where one block's bytes live, at {@code offset} in the data area. */
public record Slot(long offset, int slotBytes, int slab, int index) {
}
