package io.jube.controllers.replicaset;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletionOrderTest {
    static Pod pod(String name, String node, String phase, boolean ready, String readySince, String created) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withLastTransitionTime(readySince).endCondition().endStatus();
        return b.build();
    }

    static List<String> order(Pod... pods) {
        return DeletionOrder.pick(List.of(pods), pods.length - 1).stream().map(p -> p.getMetadata().getName()).toList();
    }

    @Test
    void unscheduledPendingAndUnreadyPodsGoFirst() {
        Pod running = pod("running", "n1", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        Pod unready = pod("unready", "n2", "Running", false, null, "2024-01-01T00:00:00Z");
        Pod pending = pod("pending", "n3", "Pending", false, null, "2024-01-01T00:00:00Z");
        Pod unscheduled = pod("unscheduled", null, "Pending", false, null, "2024-01-01T00:00:00Z");
        assertThat(order(running, unready, pending, unscheduled)).containsExactly("unscheduled", "pending", "unready");
    }

    @Test
    void amongReadyPodsTheNewestReadyAndDoubledUpGoFirst() {
        Pod old = pod("old", "n1", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        Pod recent = pod("recent", "n2", "Running", true, "2024-01-02T00:00:00Z", "2024-01-01T00:00:00Z");
        assertThat(order(old, recent)).containsExactly("recent");
        Pod a = pod("a", "shared", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        Pod b = pod("b", "shared", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        Pod alone = pod("alone", "n9", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        assertThat(DeletionOrder.pick(List.of(alone, a, b), 1).get(0).getMetadata().getName()).isIn("a", "b");
    }

    @Test
    void deletionCostIsHonoured() {
        Pod cheap = pod("cheap", "n1", "Running", true, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z");
        Pod dear = pod("dear", "n2", "Running", true, "2024-01-02T00:00:00Z", "2024-01-02T00:00:00Z");
        dear.getMetadata().setAnnotations(java.util.Map.of(DeletionOrder.DELETION_COST, "100"));
        assertThat(order(cheap, dear)).containsExactly("cheap");
    }
}
