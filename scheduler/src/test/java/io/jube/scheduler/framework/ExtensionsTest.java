package io.jube.scheduler.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionsTest {
    static PodInfo pod(String name) {
        return new PodInfo(new PodBuilder().withNewMetadata().withName(name).withNamespace("d").endMetadata()
                .withNewSpec().endSpec().build(), 0);
    }

    @Test
    void countingAddsOneForAnAddedPodAndRemovesOneForARemovedPodOnlyWhenThereIsState() {
        List<String> seen = new ArrayList<>();
        Plugin.Extensions ext = Plugin.Extensions.<List<String>>counting("key",
                (s, pod, other, node, delta) -> s.add(other.pod().getMetadata().getName() + "@" + node.name() + delta));
        CycleState state = new CycleState();
        NodeInfo node = NodeInfo.placeholder("n1");

        ext.addPod(state, pod("p"), pod("a"), node); // no PreFilter state: nothing to update
        state.write("key", seen);
        ext.addPod(state, pod("p"), pod("b"), node);
        ext.removePod(state, pod("p"), pod("c"), node);

        assertThat(seen).containsExactly("b@n11", "c@n1-1");
    }
}
