package io.jube.scheduler.plugins;

import static io.jube.scheduler.plugins.Fixtures.info;
import static io.jube.scheduler.plugins.Fixtures.nodeInfo;
import static io.jube.scheduler.plugins.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jube.scheduler.DefaultProfile;
import io.jube.scheduler.SchedulingAlgorithm;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.FitError;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.PostFilterResult;
import io.jube.scheduler.framework.Snapshot;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreemptionAndMessageTest {
    private final Framework framework = DefaultProfile.create(ClusterLister.EMPTY);
    private final SchedulingAlgorithm algorithm = new SchedulingAlgorithm(framework, null, 1, 0);

    private static PodInfo prio(String name, String cpu, int priority, String node) {
        return info(pod(name, cpu, "0").editSpec().withPriority(priority).withNodeName(node).endSpec().build());
    }

    private FitError fitError(PodInfo p, Snapshot snap) {
        try {
            algorithm.schedule(new CycleState(), p, snap, null);
        } catch (SchedulingAlgorithm.FitException e) {
            return e.error();
        }
        throw new AssertionError("expected no fit");
    }

    @Test
    void messageCountsReasonsSortedAsStrings() {
        Snapshot snap = Snapshot.of(nodeInfo("a", "1", "1Gi", Map.of("zone", "y")), nodeInfo("b", "1", "1Gi", Map.of("zone", "y")),
                nodeInfo("c", "8", "8Gi", Map.of("zone", "x")));
        PodInfo p = info(pod("p", "4", "0").editSpec().withNodeSelector(Map.of("zone", "y")).endSpec().build());
        FitError e = fitError(p, snap);
        assertThat(e.message()).isEqualTo("0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
                + "2 Insufficient cpu.");
        PostFilterResult r = framework.runPostFilter(new CycleState(), p, snap, e);
        e.setPostFilterMessage(r.message());
        assertThat(e.message()).endsWith("preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, "
                + "2 No preemption victims found for incoming pod.");
    }

    @Test
    void preemptsTheFewestLowestPriorityPods() {
        NodeInfo a = nodeInfo("a", "2", "1Gi", Map.of())
                .withPod(prio("a-low", "1", 10, "a")).withPod(prio("a-mid", "1", 50, "a"));
        NodeInfo b = nodeInfo("b", "2", "1Gi", Map.of())
                .withPod(prio("b-low1", "1", 5, "b")).withPod(prio("b-low2", "1", 5, "b"));
        Snapshot snap = Snapshot.of(a, b);
        PodInfo high = prio("high", "1", 100, null);
        CycleState state = new CycleState();
        FitError e = fitError(high, snap);
        PostFilterResult r = framework.runPostFilter(state, high, snap, e);
        // both nodes need one victim; b's highest victim priority (5) is lower than a's (10)
        assertThat(r.nominatedNode()).isEqualTo("b");
        assertThat(r.victims()).hasSize(1);
        assertThat(r.victims().get(0).priority()).isEqualTo(5);
    }

    @Test
    void neverPreemptsEqualOrHigherPriorityAndHonoursPreemptionPolicy() {
        Snapshot snap = Snapshot.of(nodeInfo("a", "1", "1Gi", Map.of()).withPod(prio("same", "1", 100, "a")));
        PodInfo p = prio("p", "1", 100, null);
        FitError e = fitError(p, snap);
        assertThat(framework.runPostFilter(new CycleState(), p, snap, e).message())
                .isEqualTo("preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.");
        PodInfo never = info(pod("n", "1", "0").editSpec().withPriority(1000).withPreemptionPolicy("Never").endSpec().build());
        FitError e2 = fitError(never, snap);
        e2.setPostFilterMessage(framework.runPostFilter(new CycleState(), never, snap, e2).message());
        assertThat(e2.message()).isEqualTo("0/1 nodes are available: 1 Insufficient cpu. "
                + "preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void adaptivePercentageOfNodesToScore() throws Exception {
        NodeInfo[] nodes = new NodeInfo[1000];
        for (int i = 0; i < nodes.length; i++) {
            nodes[i] = nodeInfo("n" + i, "4", "8Gi", Map.of());
        }
        SchedulingAlgorithm.Result r = algorithm.schedule(new CycleState(), info(pod("p", "1", "1Gi").build()),
                new Snapshot(java.util.List.of(nodes)), null);
        // 50% − 1000/125 = 42% of 1000 nodes
        assertThat(r.feasible()).isEqualTo(420);
        assertThatThrownBy(() -> algorithm.schedule(new CycleState(), info(pod("q", "5", "1Gi").build()),
                new Snapshot(java.util.List.of(nodes)), null))
                .isInstanceOf(SchedulingAlgorithm.FitException.class)
                .hasMessage("0/1000 nodes are available: 1000 Insufficient cpu.");
    }
}
