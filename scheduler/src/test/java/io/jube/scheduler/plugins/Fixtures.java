package io.jube.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import java.util.Map;

/** Builders for nodes and pods used by the pure-logic plugin tests. */
public final class Fixtures {
    private static int seq;

    private Fixtures() {
    }

    public static Node node(String name, String cpu, String memory, Map<String, String> labels, Taint... taints) {
        Map<String, Quantity> res = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().withAllocatable(res).withCapacity(res).endStatus().build();
    }

    public static NodeInfo nodeInfo(String name, String cpu, String memory, Map<String, String> labels, Taint... taints) {
        return NodeInfo.of(node(name, cpu, memory, labels, taints));
    }

    public static PodBuilder pod(String name, String cpu, String memory) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withCreationTimestamp("2024-01-01T00:00:" + String.format("%02d", (seq++) % 60) + "Z").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("i")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().endContainer().endSpec();
    }

    public static PodInfo info(Pod p) {
        return new PodInfo(p, p.getSpec().getPriority() == null ? 0 : p.getSpec().getPriority());
    }

    public static PodInfo on(PodBuilder b, String node) {
        return info(b.editSpec().withNodeName(node).endSpec().build());
    }
}
