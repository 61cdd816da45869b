package io.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpectationsTest {
    long now;
    final Expectations e = new Expectations(Duration.ofMinutes(5), () -> now);

    @Test
    void unknownKeysAreSatisfied() {
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void creationsMustBeObservedBeforeTheNextSync() {
        e.expectCreations("ns/rs", 2);
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationObserved("ns/rs");
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.creationSkipped("ns/rs"); // the second create failed
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void aDeletionObservedTwiceCountsOnce() {
        e.expectDeletions("ns/rs", List.of("ns/p1", "ns/p2"));
        e.deletionObserved("ns/rs", "ns/p1"); // terminating
        e.deletionObserved("ns/rs", "ns/p1"); // gone
        assertThat(e.satisfied("ns/rs")).isFalse();
        e.deletionObserved("ns/rs", "ns/p2");
        assertThat(e.satisfied("ns/rs")).isTrue();
    }

    @Test
    void expectationsExpireSoALostEventCannotStallTheController() {
        e.expectCreations("ns/rs", 1);
        now += Duration.ofMinutes(5).plusSeconds(1).toNanos();
        assertThat(e.satisfied("ns/rs")).isTrue();
    }
}
