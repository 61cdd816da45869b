package io.jube.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GcPlanTest {
    static Pod pod(String name, String node, String phase, String created, boolean deleting) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("ns").withCreationTimestamp(created)
                .withDeletionTimestamp(deleting ? "2024-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void picksOldestTerminatedOrphansAndUnscheduledTerminating() {
        List<Pod> pods = List.of(
                pod("new-done", "n1", "Succeeded", "2024-01-03T00:00:00Z", false),
                pod("old-done", "n1", "Failed", "2024-01-01T00:00:00Z", false),
                pod("mid-done", "n1", "Succeeded", "2024-01-02T00:00:00Z", false),
                pod("running", "n1", "Running", "2024-01-01T00:00:00Z", false),
                pod("orphan", "gone", "Running", "2024-01-01T00:00:00Z", false),
                pod("unscheduled-deleting", null, "Pending", "2024-01-01T00:00:00Z", true),
                pod("unscheduled", null, "Pending", "2024-01-01T00:00:00Z", false));
        GcPlan plan = GcPlan.of(pods, 1, Set.of("gone")::contains);
        assertThat(plan.overThreshold()).extracting(p -> p.getMetadata().getName()).containsExactly("old-done", "mid-done");
        assertThat(plan.orphaned()).extracting(p -> p.getMetadata().getName()).containsExactly("orphan");
        assertThat(plan.unscheduledTerminating()).extracting(p -> p.getMetadata().getName()).containsExactly("unscheduled-deleting");
        assertThat(GcPlan.of(pods, 0, n -> false).overThreshold()).isEmpty();
    }
}
