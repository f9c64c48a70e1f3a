package dev.tandem.engine.chat;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** strftime directives against Python's {@code datetime(2024, 3, 9, 14, 5, 7).strftime(...)}. */
class PythonStrftimeTest {

    private static final ZonedDateTime MARCH_9 = LocalDateTime.of(2024, 3, 9, 14, 5, 7).atZone(ZoneOffset.UTC);

    @Test
    void llamaDateFormat() {
        assertEquals("09 Mar 2024", PythonStrftime.format("%d %b %Y", MARCH_9));
    }

    @Test
    void commonDirectivesMatchPython() {
        assertEquals("Saturday March 9 03/24 14:05:07 02PM 069 Sat %|09 10 6",
                PythonStrftime.format("%A %B %-d %m/%y %H:%M:%S %I%p %j %a %%|%U %W %w", MARCH_9));
    }

    @Test
    void naiveTimesHaveNoZoneAndUnknownDirectivesStay() {
        assertEquals("[][] %Q", PythonStrftime.format("[%z][%Z] %Q", MARCH_9));
    }
}
