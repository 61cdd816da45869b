package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrashLoopBackOffTest {
    final CrashLoopBackOff b = new CrashLoopBackOff(Duration.ofSeconds(10), Duration.ofMinutes(5));
    final Instant t0 = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void firstRestartIsImmediateThenDelaysDoubleUpToTheMaximum() {
        assertThat(b.remaining("c", t0, t0)).isZero();
        b.restarted("c", t0);
        assertThat(b.remaining("c", t0.plusSeconds(1), t0.plusSeconds(1))).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.remaining("c", t0.plusSeconds(1), t0.plusSeconds(11))).isZero();
        long[] expected = {20, 40, 80, 160, 300, 300};
        Instant t = t0;
        for (long e : expected) {
            t = t.plusSeconds(1);
            b.restarted("c", t);
            assertThat(b.current("c")).isEqualTo(Duration.ofSeconds(e));
        }
        assertThat(CrashLoopBackOff.goDuration(b.current("c"))).isEqualTo("5m0s");
        assertThat(CrashLoopBackOff.goDuration(Duration.ofSeconds(80))).isEqualTo("1m20s");
    }

    @Test
    void containerThatRanLongStartsOverAtTheInitialDelay() {
        b.restarted("c", t0);
        b.restarted("c", t0.plusSeconds(5));
        assertThat(b.current("c")).isEqualTo(Duration.ofSeconds(20));
        b.restarted("c", t0.plus(Duration.ofMinutes(11)));
        assertThat(b.current("c")).isEqualTo(Duration.ofSeconds(10));
    }
}
