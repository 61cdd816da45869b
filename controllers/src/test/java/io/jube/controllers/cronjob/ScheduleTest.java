package io.jube.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ScheduleTest {
    static final ZoneId UTC = ZoneOffset.UTC;

    static Instant next(String spec, String after) {
        return Schedule.parse(spec).next(Instant.parse(after), UTC);
    }

    @Test
    void everyMinuteAndSteps() {
        assertThat(next("*/1 * * * *", "2024-03-01T10:00:30Z")).isEqualTo("2024-03-01T10:01:00Z");
        assertThat(next("*/15 * * * *", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-01T10:15:00Z");
        assertThat(next("5/20 * * * *", "2024-03-01T10:30:00Z")).isEqualTo("2024-03-01T10:45:00Z");
        assertThat(next("0-10/5,30 9-17 * * *", "2024-03-01T10:10:00Z")).isEqualTo("2024-03-01T10:30:00Z");
    }

    @Test
    void descriptorsAndNames() {
        assertThat(next("@hourly", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-01T11:00:00Z");
        assertThat(next("@daily", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-02T00:00:00Z");
        assertThat(next("@yearly", "2024-03-01T10:00:00Z")).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(next("@weekly", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-03T00:00:00Z"); // a Sunday
        assertThat(next("0 12 * JUN mon-fri", "2024-03-01T10:00:00Z")).isEqualTo("2024-06-03T12:00:00Z");
        assertThat(next("0 0 * * 7", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-03T00:00:00Z");
    }

    @Test
    void restrictedDayFieldsMatchEitherDay() {
        // the 15th, or any Monday: 2024-03-04 is a Monday before the 15th
        assertThat(next("0 0 15 * MON", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-04T00:00:00Z");
        // with a star day of week only the 15th counts
        assertThat(next("0 0 15 * *", "2024-03-01T10:00:00Z")).isEqualTo("2024-03-15T00:00:00Z");
        assertThat(next("0 0 29 2 *", "2025-03-01T00:00:00Z")).isEqualTo("2028-02-29T00:00:00Z");
        assertThat(next("0 0 30 2 *", "2025-03-01T00:00:00Z")).isNull();
    }

    @Test
    void timeZonesShiftTheWallClock() {
        Instant t = Schedule.parse("0 9 * * *").next(Instant.parse("2024-03-01T00:30:00Z"), ZoneId.of("Asia/Tokyo"));
        assertThat(t).isEqualTo("2024-03-02T00:00:00Z"); // 09:00 JST = 00:00 UTC
        // New York skips 02:00-03:00 on 2024-03-10: a 02:30 schedule fires next on the 11th
        Instant ny = Schedule.parse("30 2 * * *").next(Instant.parse("2024-03-10T05:00:00Z"), ZoneId.of("America/New_York"));
        assertThat(ny).isEqualTo("2024-03-11T06:30:00Z");
    }

    @Test
    void rejectsMalformedSchedules() {
        assertThatThrownBy(() -> Schedule.parse("* * * *")).hasMessageContaining("expected exactly 5 fields");
        assertThatThrownBy(() -> Schedule.parse("60 * * * *")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Schedule.parse("*/0 * * * *")).hasMessageContaining("positive");
        assertThatThrownBy(() -> Schedule.parse("@often")).hasMessageContaining("unrecognized descriptor");
        assertThatThrownBy(() -> Schedule.parse("5-1 * * * *")).hasMessageContaining("beyond end of range");
        assertThatThrownBy(() -> Schedule.parse("x * * * *")).hasMessageContaining("failed to parse int");
    }
}
