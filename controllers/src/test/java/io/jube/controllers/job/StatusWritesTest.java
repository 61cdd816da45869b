package io.jube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StatusWritesTest {
    final AtomicLong nanos = new AtomicLong();
    final StatusWrites writes = new StatusWrites(Duration.ofSeconds(60), nanos::get);

    static Job at(String rv) {
        return new JobBuilder().withNewMetadata().withNamespace("ns").withName("j").withResourceVersion(rv)
                .endMetadata().build();
    }

    @Test
    void aCacheOlderThanTheLastWriteIsNotObservedUntilItCatchesUp() {
        assertThat(writes.observed("ns/j", at("5"))).isTrue(); // nothing written yet
        writes.wrote("ns/j", at("10"));
        writes.wrote("ns/j", at("12"));
        assertThat(writes.observed("ns/j", at("10"))).isFalse();
        assertThat(writes.observed("ns/j", at("12"))).isTrue();
        assertThat(writes.observed("ns/j", at("11"))).isTrue(); // settled: only a new write blocks again
    }

    @Test
    void aNewerVersionByAnotherWriterCountsAsObserved() {
        writes.wrote("ns/j", at("10"));
        assertThat(writes.observed("ns/j", at("15"))).isTrue();
    }

    @Test
    void anOlderAnswerNeverLowersTheVersionWaitedFor() {
        writes.wrote("ns/j", at("12"));
        writes.wrote("ns/j", at("10"));
        assertThat(writes.observed("ns/j", at("11"))).isFalse();
    }

    @Test
    void waitingEndsAfterTheTtlOrWhenTheJobIsForgotten() {
        writes.wrote("ns/j", at("10"));
        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(writes.observed("ns/j", at("9"))).isTrue();

        writes.wrote("ns/j", at("20"));
        writes.forget("ns/j");
        assertThat(writes.observed("ns/j", at("9"))).isTrue();
    }

    @Test
    void versionsThatAreNotNumbersNeverBlock() {
        writes.wrote("ns/j", at("10"));
        assertThat(writes.observed("ns/j", at("abc"))).isTrue();
        writes.wrote("ns/j", at("xyz"));
        assertThat(writes.observed("ns/j", at("3"))).isTrue();
    }
}
