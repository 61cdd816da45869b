package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedScheduleTest {
    private static final long MS = 1_000_000;
    private static final long DONE = PacedSchedule.Writer.DONE;

    @Test
    void writersShareTheRateAndWaitForTheirSlots() {
        // 2 writers offering 1,000/s: writer 0 owns requests 0, 2, 4 (due 0, 2, 4 ms), writer 1 owns 1, 3, 5
        PacedSchedule s = new PacedSchedule(2, 1000, 6, 0, 1000 * MS, 0, 1);
        PacedSchedule.Writer w0 = s.writer(0);
        PacedSchedule.Writer w1 = s.writer(1);
        assertThat(w0.next(0)).isZero();
        assertThat(w0.seq()).isZero();
        assertThat(w1.next(0)).isEqualTo(1 * MS);
        assertThat(w1.seq()).isEqualTo(1);
        assertThat(w0.next(1 * MS)).as("reply at 1 ms, next slot due at 2 ms").isEqualTo(1 * MS);
        assertThat(w0.seq()).isEqualTo(2);
        assertThat(w0.scheduled()).isEqualTo(2 * MS);
        assertThat(w0.lateNow()).isFalse();
        assertThat(w0.next(2 * MS + 300_000)).isEqualTo(4 * MS - (2 * MS + 300_000));
        assertThat(w0.next(7 * MS)).as("ran out of requests").isEqualTo(DONE);
        assertThat(w0.sent()).isEqualTo(3);
        assertThat(w0.late()).isZero();
        assertThat(w0.stoppedByTime()).isFalse();
    }

    @Test
    void aWriterFreedAfterItsSlotSendsAtOnceAndCountsLate() {
        PacedSchedule s = new PacedSchedule(1, 1000, 10, 0, 1000 * MS, 0, 1);
        PacedSchedule.Writer w = s.writer(0);
        assertThat(w.next(0)).isZero();
        assertThat(w.lateNow()).isFalse();
        // the reply took 2.5 ms: slot 1 (due 1 ms) goes out at once, latency still counted from 1 ms
        assertThat(w.next(2_500_000)).isZero();
        assertThat(w.lateNow()).isTrue();
        assertThat(w.scheduled()).isEqualTo(1 * MS);
        // caught up: slot 2 due at 2 ms is also behind, slot 3 is ahead
        assertThat(w.next(2_600_000)).isZero();
        assertThat(w.lateNow()).isTrue();
        assertThat(w.next(2_700_000)).isEqualTo(300_000);
        assertThat(w.lateNow()).isFalse();
        assertThat(w.late()).isEqualTo(2);
        assertThat(w.sent()).isEqualTo(4);
    }

    @Test
    void aWriterStillBehindAtTheTimeBoundLeavesItsDueSlotsUnsent() {
        // 1 writer, 1,000/s, 10 ms: slots due at 0..9 ms
        PacedSchedule s = new PacedSchedule(1, 1000, 100, 0, 10 * MS, 0, 1);
        PacedSchedule.Writer w = s.writer(0);
        assertThat(w.next(0)).isZero();
        assertThat(w.next(3_500_000)).isZero(); // slot 1, late
        assertThat(w.next(20 * MS)).as("past the bound with slots 2..9 due").isEqualTo(DONE);
        assertThat(w.unsent()).isEqualTo(8);
        assertThat(w.sent()).isEqualTo(2);
        assertThat(w.late()).isEqualTo(1);
        assertThat(w.stoppedByTime()).isTrue();
        assertThat(w.next(21 * MS)).isEqualTo(DONE);
        assertThat(w.unsent()).isEqualTo(8);
    }

    @Test
    void theScheduleEndsAtTheTimeBoundWithoutUnsentWhenTheWriterKeepsUp() {
        PacedSchedule s = new PacedSchedule(1, 1000, 100, 0, 3 * MS, 0, 1);
        PacedSchedule.Writer w = s.writer(0);
        long now = 0;
        int sends = 0;
        for (long wait = w.next(now); wait != DONE; wait = w.next(now)) {
            now += wait + 100_000; // sent on time, answered in 0.1 ms
            sends++;
        }
        assertThat(sends).isEqualTo(3);
        assertThat(w.unsent()).isZero();
        assertThat(w.late()).isZero();
        assertThat(w.stoppedByTime()).isTrue();
    }

    @Test
    void onTimeWritersTogetherOfferTheRate() {
        int writers = 200;
        PacedSchedule s = new PacedSchedule(writers, 5000, 20_000, 0, 100_000 * MS, PacedPhase.JITTER, 7);
        long last = 0;
        int total = 0;
        for (int i = 0; i < writers; i++) {
            PacedSchedule.Writer w = s.writer(i);
            long now = 0;
            for (long wait = w.next(now); wait != DONE; wait = w.next(now)) {
                now += wait + 5 * MS; // replies in 5 ms, well inside the 40 ms per-writer interval
                last = Math.max(last, w.scheduled());
                total++;
            }
            assertThat(w.late()).isZero();
        }
        assertThat(total).isEqualTo(20_000);
        // 20,000 requests at 5,000/s: the last is due about 4 s in (± the 4 ms jitter)
        assertThat(last).isBetween(3_999_800_000L - 4 * MS, 3_999_800_000L + 4 * MS);
    }

    @Test
    void jitterStaysWithinItsFractionOfTheIntervalAndIsReproducible() {
        // 4 writers at 100/s: each writer's interval is 40 ms, jitter ±4 ms
        List<Long> offsets = new ArrayList<>();
        List<Long> again = new ArrayList<>();
        for (List<Long> into : List.of(offsets, again)) {
            PacedSchedule s = new PacedSchedule(4, 100, 400, 0, 100_000 * MS, 0.1, 3);
            for (int i = 0; i < 4; i++) {
                PacedSchedule.Writer w = s.writer(i);
                long previous = -1;
                while (w.next(0) != DONE) {
                    long nominal = w.seq() * 10 * MS;
                    into.add(w.scheduled() - nominal);
                    assertThat(w.scheduled()).isGreaterThan(previous);
                    previous = w.scheduled();
                }
            }
        }
        assertThat(offsets).allSatisfy(o -> assertThat(Math.abs(o)).isLessThanOrEqualTo(4 * MS));
        assertThat(offsets.stream().distinct().count()).isGreaterThan(100);
        assertThat(again).isEqualTo(offsets);
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new PacedSchedule(0, 100, 1, 0, MS, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacedSchedule(1, 0, 1, 0, MS, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PacedSchedule(1, 100, 1, 0, MS, 0.5, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
