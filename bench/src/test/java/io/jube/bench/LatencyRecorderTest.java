package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatencyRecorderTest {

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        LatencyRecorder r = new LatencyRecorder(100);
        for (int i = 100; i >= 1; i--) { // recorded out of order on purpose
            r.record(i);
        }
        LatencyRecorder.Summary s = r.summary();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.percentileNanos(50)).isEqualTo(50);
        assertThat(s.percentileNanos(99)).isEqualTo(99);
        assertThat(s.percentileNanos(100)).isEqualTo(100);
        assertThat(s.maxNanos()).isEqualTo(100);
    }

    @Test
    void smallSetsRoundUpToTheNextSample() {
        LatencyRecorder r = new LatencyRecorder(10);
        r.record(3_000_000);
        r.record(1_000_000);
        r.record(2_000_000);
        LatencyRecorder.Summary s = r.summary();
        assertThat(s.millis(50)).isEqualTo(2.0);
        assertThat(s.millis(99)).isEqualTo(3.0);
        assertThat(s.millis(1)).isEqualTo(1.0);
    }

    @Test
    void samplesBeyondCapacityAreDroppedNotOverflowed() {
        LatencyRecorder r = new LatencyRecorder(2);
        r.record(5);
        r.record(7);
        r.record(1);
        assertThat(r.summary().count()).isEqualTo(2);
        assertThat(r.summary().maxNanos()).isEqualTo(7);
    }

    @Test
    void emptyAndInvalidInput() {
        LatencyRecorder.Summary s = new LatencyRecorder(4).summary();
        assertThat(s.percentileNanos(99)).isZero();
        assertThat(s.maxNanos()).isZero();
        assertThatThrownBy(() -> s.percentileNanos(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LatencyRecorder(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
