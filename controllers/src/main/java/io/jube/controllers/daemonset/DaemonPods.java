package io.jube.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** DaemonSet pods: the template plus the tolerations Kubernetes adds and a node affinity pinning one node. */
final class DaemonPods {
    static final String TEMPLATE_GENERATION_LABEL = "pod-template-generation";

    private DaemonPods() {
    }

    /** The template's spec with the tolerations every daemon pod gets (those missing are appended). */
    static PodSpec withDefaultTolerations(PodSpec template) {
        PodSpec spec = new PodBuilder().withSpec(template).build().getSpec();
        List<Toleration> tolerations = new ArrayList<>(spec.getTolerations() == null ? List.of() : spec.getTolerations());
        add(tolerations, "node.kubernetes.io/not-ready", "NoExecute");
        add(tolerations, "node.kubernetes.io/unreachable", "NoExecute");
        add(tolerations, "node.kubernetes.io/disk-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/memory-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/pid-pressure", "NoSchedule");
        add(tolerations, "node.kubernetes.io/unschedulable", "NoSchedule");
        if (Boolean.TRUE.equals(spec.getHostNetwork())) {
            add(tolerations, "node.kubernetes.io/network-unavailable", "NoSchedule");
        }
        spec.setTolerations(tolerations);
        return spec;
    }

    private static void add(List<Toleration> list, String key, String effect) {
        boolean present = list.stream().anyMatch(t -> key.equals(t.getKey()) && effect.equals(t.getEffect())
                && "Exists".equals(t.getOperator()));
        if (!present) {
            list.add(new TolerationBuilder().withKey(key).withOperator("Exists").withEffect(effect).build());
        }
    }

    static Pod newPod(DaemonSet ds, PodTemplateSpec template, String hash, String node) {
        var tm = template.getMetadata();
        Map<String, String> labels = new HashMap<>(tm == null || tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(Revisions.HASH_LABEL, hash);
        labels.put(TEMPLATE_GENERATION_LABEL, String.valueOf(ds.getMetadata().getGeneration()));
        PodSpec spec = withDefaultTolerations(template.getSpec());
        // the scheduler places the pod: a required term naming the node replaces the template's required terms
        Affinity affinity = spec.getAffinity() == null ? new Affinity() : spec.getAffinity();
        NodeAffinity na = affinity.getNodeAffinity() == null ? new NodeAffinity() : affinity.getNodeAffinity();
        na.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelectorBuilder().withNodeSelectorTerms(
                new NodeSelectorTerm(List.of(), List.of(new NodeSelectorRequirement("metadata.name", "In", List.of(node)))))
                .build());
        affinity.setNodeAffinity(na);
        spec.setAffinity(affinity);
        return new PodBuilder().withNewMetadata().withGenerateName(ds.getMetadata().getName() + "-")
                .withNamespace(ds.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(new HashMap<>(tm == null || tm.getAnnotations() == null ? Map.of() : tm.getAnnotations()))
                .withOwnerReferences(OwnerRefs.controllerRef(ds)).endMetadata()
                .withSpec(spec).build();
    }

    /** The node a daemon pod is for: where it runs, or the node its affinity names before it is scheduled. */
    static String nodeOf(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
            return pod.getSpec().getNodeName();
        }
        var a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null || a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return null;
        }
        for (NodeSelectorTerm t : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
            for (NodeSelectorRequirement r : t.getMatchFields() == null ? List.<NodeSelectorRequirement>of() : t.getMatchFields()) {
                if ("metadata.name".equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null
                        && r.getValues().size() == 1) {
                    return r.getValues().get(0);
                }
            }
        }
        return null;
    }

    static String hash(Pod pod) {
        return pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(Revisions.HASH_LABEL);
    }
}
