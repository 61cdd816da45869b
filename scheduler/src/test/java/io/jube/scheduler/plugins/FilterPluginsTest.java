package io.jube.scheduler.plugins;

import static io.jube.scheduler.plugins.Fixtures.info;
import static io.jube.scheduler.plugins.Fixtures.nodeInfo;
import static io.jube.scheduler.plugins.Fixtures.on;
import static io.jube.scheduler.plugins.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.jube.scheduler.framework.Code;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Status;
import io.jube.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.jube.scheduler.plugins.nodeports.NodePorts;
import io.jube.scheduler.plugins.noderesources.NodeResourcesFit;
import io.jube.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.jube.scheduler.plugins.tainttoleration.TaintToleration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterPluginsTest {
    private final CycleState state = new CycleState();

    @Test
    void resourcesFitCountsRequestsInitContainersAndOverhead() {
        NodeInfo n = nodeInfo("n", "2", "4Gi", Map.of()).withPod(on(pod("a", "1500m", "1Gi"), "n"));
        NodeResourcesFit fit = new NodeResourcesFit();
        assertThat(fit.filter(state, info(pod("ok", "500m", "1Gi").build()), n).isSuccess()).isTrue();
        Status s = fit.filter(state, info(pod("big", "600m", "4Gi").build()), n);
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE);
        assertThat(s.reasons()).containsExactly("Insufficient cpu", "Insufficient memory");
        // an init container bigger than the app containers sets the request (max rule)
        PodInfo init = info(pod("init", "100m", "1Gi").editSpec().addNewInitContainer().withName("i").withImage("i")
                .withNewResources().addToRequests("cpu", new Quantity("1")).endResources().endInitContainer().endSpec().build());
        assertThat(init.requests().milliCpu).isEqualTo(1000);
        assertThat(fit.filter(state, init, n).reasons()).containsExactly("Insufficient cpu");
        PodInfo overhead = info(pod("o", "400m", "1Gi").editSpec().addToOverhead("cpu", new Quantity("200m")).endSpec().build());
        assertThat(overhead.requests().milliCpu).isEqualTo(600);
        assertThat(fit.filter(state, overhead, n).reasons()).containsExactly("Insufficient cpu");
    }

    @Test
    void tooManyPods() {
        NodeInfo n = NodeInfo.of(new io.fabric8.kubernetes.api.model.NodeBuilder(Fixtures.node("n", "8", "8Gi", Map.of()))
                .editStatus().addToAllocatable("pods", new Quantity("1")).endStatus().build())
                .withPod(on(pod("a", "0", "0"), "n"));
        assertThat(new NodeResourcesFit().filter(state, info(pod("b", "0", "0").build()), n).reasons())
                .containsExactly("Too many pods");
    }

    @Test
    void leastAllocatedPrefersEmptierNodes() {
        NodeInfo busy = nodeInfo("busy", "4", "8Gi", Map.of()).withPod(on(pod("a", "3", "6Gi"), "busy"));
        NodeInfo idle = nodeInfo("idle", "4", "8Gi", Map.of());
        PodInfo p = info(pod("p", "1", "1Gi").build());
        NodeResourcesFit fit = new NodeResourcesFit();
        assertThat(fit.score(state, p, idle)).isGreaterThan(fit.score(state, p, busy));
        assertThat(fit.score(state, p, idle)).isEqualTo(((4000 - 1000) * 100 / 4000 + (8 - 1) * 100 / 8) / 2);
    }

    @Test
    void nodeAffinityOperatorsAndMatchFields() {
        NodeInfo n = nodeInfo("n1", "1", "1Gi", Map.of("zone", "a", "gen", "5"));
        NodeAffinity na = new NodeAffinity();
        assertThat(na.filter(state, info(pod("s", "0", "0").editSpec().withNodeSelector(Map.of("zone", "a")).endSpec().build()), n)
                .isSuccess()).isTrue();
        Status miss = na.filter(state, info(pod("s", "0", "0").editSpec().withNodeSelector(Map.of("zone", "b")).endSpec().build()), n);
        assertThat(miss.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        assertThat(miss.reasons()).containsExactly("node(s) didn't match Pod's node affinity/selector");

        assertThat(na.filter(state, required(expr("gen", "Gt", "4")), n).isSuccess()).isTrue();
        assertThat(na.filter(state, required(expr("gen", "Lt", "4")), n).isSuccess()).isFalse();
        assertThat(na.filter(state, required(expr("zone", "NotIn", "a")), n).isSuccess()).isFalse();
        assertThat(na.filter(state, required(expr("gpu", "DoesNotExist")), n).isSuccess()).isTrue();
        assertThat(na.filter(state, required(expr("zone", "Exists")), n).isSuccess()).isTrue();
        PodInfo byName = info(pod("f", "0", "0").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchFields(
                        new NodeSelectorRequirement("metadata.name", "In", List.of("n1"))).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
        assertThat(na.filter(state, byName, n).isSuccess()).isTrue();
        assertThat(na.filter(state, byName, nodeInfo("n2", "1", "1Gi", Map.of())).isSuccess()).isFalse();
    }

    private static NodeSelectorRequirement expr(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    private static PodInfo required(NodeSelectorRequirement r) {
        return info(pod("a", "0", "0").editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addToNodeSelectorTerms(new NodeSelectorTermBuilder().addToMatchExpressions(r).build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
    }

    @Test
    void preferredNodeAffinityScoresByWeight() {
        PodInfo p = info(pod("a", "0", "0").editSpec().withNewAffinity().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10)
                .withNewPreference().addToMatchExpressions(expr("zone", "In", "a")).endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec().build());
        NodeAffinity na = new NodeAffinity();
        long[] scores = {na.score(state, p, nodeInfo("a", "1", "1Gi", Map.of("zone", "a"))),
                na.score(state, p, nodeInfo("b", "1", "1Gi", Map.of("zone", "b")))};
        na.normalize(state, p, scores);
        assertThat(scores).containsExactly(100, 0);
    }

    @Test
    void taintsNeedTolerationsAndPreferNoScheduleScores() {
        NodeInfo tainted = nodeInfo("t", "1", "1Gi", Map.of(), new Taint("NoSchedule", "gpu", null, "true"));
        TaintToleration tt = new TaintToleration();
        Status s = tt.filter(state, info(pod("a", "0", "0").build()), tainted);
        assertThat(s.reasons()).containsExactly("node(s) had untolerated taint {gpu: true}");
        assertThat(s.code()).isEqualTo(Code.UNSCHEDULABLE_AND_UNRESOLVABLE);
        PodInfo tolerates = info(pod("b", "0", "0").editSpec().addNewToleration().withKey("gpu").withOperator("Exists")
                .endToleration().endSpec().build());
        assertThat(tt.filter(state, tolerates, tainted).isSuccess()).isTrue();
        PodInfo wrongValue = info(pod("c", "0", "0").editSpec().addNewToleration().withKey("gpu").withValue("false")
                .endToleration().endSpec().build());
        assertThat(tt.filter(state, wrongValue, tainted).isSuccess()).isFalse();

        NodeInfo soft = nodeInfo("s", "1", "1Gi", Map.of(), new Taint("PreferNoSchedule", "x", null, "y"));
        PodInfo p = info(pod("d", "0", "0").build());
        assertThat(tt.filter(state, p, soft).isSuccess()).isTrue();
        tt.preScore(state, p, null, java.util.List.of());
        long[] scores = {tt.score(state, p, soft), tt.score(state, p, nodeInfo("clean", "1", "1Gi", Map.of()))};
        tt.normalize(state, p, scores);
        assertThat(scores).containsExactly(0, 100);
    }

    @Test
    void cordonedNodesAndHostPorts() {
        NodeInfo cordoned = NodeInfo.of(new io.fabric8.kubernetes.api.model.NodeBuilder(Fixtures.node("c", "1", "1Gi", Map.of()))
                .editSpec().withUnschedulable(true).endSpec().build());
        assertThat(new NodeUnschedulable().filter(state, info(pod("a", "0", "0").build()), cordoned).reasons())
                .containsExactly("node(s) were unschedulable");
        PodInfo tolerating = info(pod("b", "0", "0").editSpec().addNewToleration()
                .withKey("node.kubernetes.io/unschedulable").withOperator("Exists").withEffect("NoSchedule")
                .endToleration().endSpec().build());
        assertThat(new NodeUnschedulable().filter(state, tolerating, cordoned).isSuccess()).isTrue();

        NodeInfo n = nodeInfo("n", "1", "1Gi", Map.of()).withPod(on(withPort(pod("web", "0", "0"), 80, null), "n"));
        NodePorts ports = new NodePorts();
        assertThat(ports.filter(state, info(withPort(pod("x", "0", "0"), 80, "10.0.0.1").build()), n).reasons())
                .containsExactly("node(s) didn't have free ports for the requested pod ports");
        assertThat(ports.filter(state, info(withPort(pod("y", "0", "0"), 81, null).build()), n).isSuccess()).isTrue();
    }

    private static io.fabric8.kubernetes.api.model.PodBuilder withPort(io.fabric8.kubernetes.api.model.PodBuilder b, int port, String ip) {
        return b.editSpec().editFirstContainer().addNewPort().withContainerPort(port).withHostPort(port).withHostIP(ip)
                .endPort().endContainer().endSpec();
    }
}
