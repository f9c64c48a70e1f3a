package dev.tandem.decode.prefill;

import dev.tandem.decode.config.PrefillMode;
import dev.tandem.decode.prefill.PrefillRouting.Route;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrefillRoutingTest {

    private final PrefillRouting conditional = new PrefillRouting(PrefillMode.CONDITIONAL, 1000, 4);

    @Test
    void localAndAlwaysRemoteIgnoreLengthAndQueue() {
        assertEquals(Route.LOCAL, new PrefillRouting(PrefillMode.LOCAL, 0, 4).route(5000, 0, OptionalInt.of(0)));
        assertEquals(Route.REMOTE, new PrefillRouting(PrefillMode.ALWAYS_REMOTE, 1000, 4).route(3, 0, OptionalInt.empty()));
        assertEquals(Route.REMOTE, new PrefillRouting(PrefillMode.ALWAYS_REMOTE, 1000, 4).route(3, 0, OptionalInt.of(100)));
    }

    @Test
    void conditionalGoesRemoteOnlyAboveTheLocalLength() {
        assertEquals(Route.LOCAL, conditional.route(1000, 0, OptionalInt.of(0)));
        assertEquals(Route.REMOTE, conditional.route(1001, 0, OptionalInt.of(0)));
    }

    @Test
    void conditionalSubtractsThePrefixCacheHit() {
        assertEquals(Route.LOCAL, conditional.route(1500, 512, OptionalInt.of(0)), "988 uncached tokens");
        assertEquals(Route.REMOTE, conditional.route(1500, 496, OptionalInt.of(0)), "1004 uncached tokens");
    }

    @Test
    void conditionalStaysLocalWhenThePrefillQueueIsFullOrUnknown() {
        assertEquals(Route.REMOTE, conditional.route(4000, 0, OptionalInt.of(3)));
        assertEquals(Route.LOCAL, conditional.route(4000, 0, OptionalInt.of(4)));
        assertEquals(Route.LOCAL, conditional.route(4000, 0, OptionalInt.empty()), "no prefill worker reported");
    }

    @Test
    void badThresholdsAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PrefillRouting(PrefillMode.CONDITIONAL, 1000, 0));
        assertEquals("tandem.decode.prefill.max-queue-size must be >= 1, got 0", e.getMessage());
    }
}
