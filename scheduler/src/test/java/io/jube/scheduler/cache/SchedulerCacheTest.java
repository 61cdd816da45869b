package io.jube.scheduler.cache;

import static io.jube.scheduler.plugins.Fixtures.info;
import static io.jube.scheduler.plugins.Fixtures.node;
import static io.jube.scheduler.plugins.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snapshot is brought up to date incrementally; each call must still show exactly the cache's state. */
class SchedulerCacheTest {
    private static PodInfo antiAffine(String name) {
        return info(pod(name, "100m", "1Gi").editMetadata().addToLabels("app", "x").endMetadata()
                .editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addToRequiredDuringSchedulingIgnoredDuringExecution(new PodAffinityTermBuilder()
                        .withNewLabelSelector().addToMatchLabels("app", "x").endLabelSelector()
                        .withTopologyKey("kubernetes.io/hostname").build())
                .endPodAntiAffinity().endAffinity().endSpec().build());
    }

    @Test
    void snapshotFollowsAssumedForgottenAndConfirmedPods() {
        SchedulerCache cache = new SchedulerCache();
        cache.addOrUpdateNode(node("a", "4", "8Gi", Map.of()));
        cache.addOrUpdateNode(node("b", "4", "8Gi", Map.of()));
        Snapshot first = cache.snapshot();
        assertThat(first.get("a").pods()).isEmpty();

        PodInfo p = info(pod("p", "1", "1Gi").build());
        cache.assume(p, "a");
        Snapshot second = cache.snapshot();
        assertThat(second.get("a").pods()).extracting(PodInfo::key).containsExactly("default/p");
        assertThat(second.get("a").requested().milliCpu).isEqualTo(1000);
        assertThat(second.get("b").pods()).isEmpty();

        cache.forget(p.key());
        assertThat(cache.snapshot().get("a").pods()).isEmpty();

        cache.addOrUpdatePod(info(pod("q", "1", "1Gi").editSpec().withNodeName("b").endSpec().build()));
        assertThat(cache.snapshot().get("b").pods()).extracting(PodInfo::key).containsExactly("default/q");
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("a", "b");
    }

    @Test
    void nodesComingGoingAndChangingAreSeen() {
        SchedulerCache cache = new SchedulerCache();
        cache.addOrUpdateNode(node("a", "4", "8Gi", Map.of()));
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("a");

        cache.addOrUpdatePod(info(pod("early", "1", "1Gi").editSpec().withNodeName("c").endSpec().build()));
        assertThat(cache.snapshot().get("c")).as("a node known only from its pods is not schedulable").isNull();
        cache.addOrUpdateNode(node("c", "4", "8Gi", Map.of()));
        assertThat(cache.snapshot().get("c").pods()).hasSize(1);

        cache.addOrUpdateNode(new NodeBuilder(node("a", "4", "8Gi", Map.of("zone", "z")))
                .editSpec().withUnschedulable(true).endSpec().build());
        NodeInfo a = cache.snapshot().get("a");
        assertThat(a.unschedulable()).isTrue();
        assertThat(a.labels()).containsEntry("zone", "z");

        cache.removeNode("a");
        assertThat(cache.snapshot().nodes()).extracting(NodeInfo::name).containsExactly("c");
    }

    @Test
    void nodesWithAffinityPodsAreListedAsPodsComeAndGo() {
        SchedulerCache cache = new SchedulerCache();
        cache.addOrUpdateNode(node("a", "4", "8Gi", Map.of()));
        cache.addOrUpdateNode(node("b", "4", "8Gi", Map.of()));
        assertThat(cache.snapshot().havePodsWithRequiredAntiAffinity()).isEmpty();

        cache.assume(antiAffine("x1"), "b");
        assertThat(cache.snapshot().havePodsWithRequiredAntiAffinity()).extracting(NodeInfo::name).containsExactly("b");
        cache.assume(info(pod("plain", "1", "1Gi").build()), "b");
        assertThat(cache.snapshot().havePodsWithAffinity().get(0).pods()).as("the listed NodeInfo is the current one")
                .hasSize(2);

        cache.removePod("default/x1");
        assertThat(cache.snapshot().havePodsWithRequiredAntiAffinity()).isEmpty();
        assertThat(cache.snapshot().havePodsWithAffinity()).isEmpty();
    }
}
