package dev.tandem.cli.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArrivalScheduleTest {

    @Test
    void meanInterArrivalIsOneOverTheRate() {
        int n = 20_001;
        double rate = 8;
        double[] offsets = ArrivalSchedule.offsetsSeconds(n, rate, 42);
        assertEquals(0, offsets[0]);
        double mean = offsets[n - 1] / (n - 1);
        // the mean of 20,000 exponential gaps has a relative standard deviation of 0.7 %
        assertEquals(1 / rate, mean, 0.05 / rate);
        for (int i = 1; i < n; i++) {
            assertTrue(offsets[i] >= offsets[i - 1], "offsets go forward");
        }
    }

    @Test
    void aSeedAlwaysGivesTheSameSchedule() {
        assertArrayEquals(ArrivalSchedule.offsetsSeconds(100, 3, 7), ArrivalSchedule.offsetsSeconds(100, 3, 7));
        assertFalse(java.util.Arrays.equals(ArrivalSchedule.offsetsSeconds(100, 3, 7), ArrivalSchedule.offsetsSeconds(100, 3, 8)));
    }

    @Test
    void infiniteRateSendsEverythingAtOnce() {
        assertArrayEquals(new double[5], ArrivalSchedule.offsetsSeconds(5, Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> ArrivalSchedule.offsetsSeconds(5, 0, 1));
    }
}
