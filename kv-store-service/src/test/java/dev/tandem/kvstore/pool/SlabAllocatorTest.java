package dev.tandem.kvstore.pool;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlabAllocatorTest {

    private static final long SLAB = 64 << 10;

    @Test
    void slotsAreAlignedDistinctAndStayInsideTheirSlab() {
        SlabAllocator allocator = new SlabAllocator(4 * SLAB, SLAB);
        Set<Long> offsets = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            Slot slot = allocator.allocate(10_000); // 12 KiB slots: 5 per 64 KiB slab
            if (slot == null) {
                break;
            }
            assertEquals(0, slot.offset() % 4096);
            assertEquals(12 << 10, slot.slotBytes());
            assertTrue(slot.offset() + slot.slotBytes() <= (slot.slab() + 1) * SLAB, "slot inside its slab");
            assertTrue(offsets.add(slot.offset()), "distinct offsets");
        }
        assertEquals(4 * 5, offsets.size());
        assertNull(allocator.allocate(10_000), "all slabs full");
        assertEquals(20L * (12 << 10), allocator.usedBytes());
    }

    @Test
    void aSlabWhoseSlotsAreAllFreedServesAnotherSizeClass() {
        SlabAllocator allocator = new SlabAllocator(2 * SLAB, SLAB);
        List<Slot> small = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            small.add(allocator.allocate(4096)); // 16 per slab: both slabs
        }
        assertNull(allocator.allocate(32 << 10));
        assertFalse(allocator.hasRoomFor(32 << 10));
        small.subList(0, 16).forEach(allocator::free);
        assertTrue(allocator.hasRoomFor(32 << 10));
        assertNotNull(allocator.allocate(32 << 10));
        assertNotNull(allocator.allocate(32 << 10));
        assertNull(allocator.allocate(32 << 10));
    }

    @Test
    void aBlockLargerThanASlabIsRefusedClearly() {
        SlabAllocator allocator = new SlabAllocator(2 * SLAB, SLAB);
        assertFalse(allocator.fits(SLAB + 1));
        var e = assertThrows(IllegalArgumentException.class, () -> allocator.allocate(SLAB + 1));
        assertTrue(e.getMessage().contains("does not fit in a slab"), e.getMessage());
    }

    @Test
    void freeingASlotTwiceIsABug() {
        SlabAllocator allocator = new SlabAllocator(2 * SLAB, SLAB);
        Slot a = allocator.allocate(4096);
        allocator.allocate(4096);
        allocator.free(a);
        assertThrows(IllegalStateException.class, () -> allocator.free(a));
    }
}
