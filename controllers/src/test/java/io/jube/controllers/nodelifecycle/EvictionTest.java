package io.jube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvictionTest {
    static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    static final Taint UNREACHABLE = new TaintBuilder().withKey(Taints.UNREACHABLE).withEffect("NoExecute")
            .withTimeAdded("2024-05-01T09:59:50Z").build();

    static Pod pod(Toleration... tolerations) {
        return new PodBuilder().withNewSpec().withTolerations(tolerations).endSpec().build();
    }

    @Test
    void untoleratedTaintEvictsNow() {
        assertThat(Eviction.deadline(pod(), List.of(UNREACHABLE), NOW)).contains(NOW);
        Toleration otherKey = new TolerationBuilder().withKey("x").withOperator("Exists").build();
        assertThat(Eviction.deadline(pod(otherKey), List.of(UNREACHABLE), NOW)).contains(NOW);
        Toleration noSchedule = new TolerationBuilder().withKey(Taints.UNREACHABLE).withOperator("Exists").withEffect("NoSchedule").build();
        assertThat(Eviction.deadline(pod(noSchedule), List.of(UNREACHABLE), NOW)).contains(NOW);
    }

    @Test
    void tolerationWithoutSecondsKeepsThePodForever() {
        assertThat(Eviction.deadline(pod(new TolerationBuilder().withOperator("Exists").build()), List.of(UNREACHABLE), NOW)).isEmpty();
    }

    @Test
    void smallestTolerationSecondsCountsFromTheTaintsTimeAdded() {
        Toleration t300 = new TolerationBuilder().withKey(Taints.UNREACHABLE).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(300L).build();
        Toleration t30 = new TolerationBuilder().withOperator("Exists").withTolerationSeconds(30L).build();
        assertThat(Eviction.deadline(pod(t300, t30), List.of(UNREACHABLE), NOW)).contains(Instant.parse("2024-05-01T10:00:20Z"));
    }
}
