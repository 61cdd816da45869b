package io.jube.controllers.volume;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jube.api.Json;
import io.jube.api.selector.SelectorException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Which Available PersistentVolume a claim may bind to: Kubernetes' static binding rules, smallest fit first. */
final class VolumeMatcher {
    private VolumeMatcher() {
    }

    static String className(PersistentVolumeClaim pvc) {
        String c = pvc.getSpec().getStorageClassName();
        return c == null ? "" : c;
    }

    static String className(PersistentVolume pv) {
        String c = pv.getSpec().getStorageClassName();
        return c == null ? "" : c;
    }

    static BigDecimal request(PersistentVolumeClaim pvc) {
        var res = pvc.getSpec().getResources();
        Quantity q = res == null || res.getRequests() == null ? null : res.getRequests().get("storage");
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    static BigDecimal capacity(PersistentVolume pv) {
        Quantity q = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
        return q == null ? BigDecimal.ZERO : q.getNumericalAmount();
    }

    static String volumeMode(String m) {
        return m == null ? "Filesystem" : m;
    }

    /** True if {@code pv} satisfies the claim, ignoring who it is bound to. {@code node}: the selected node, or null. */
    static boolean fits(PersistentVolume pv, PersistentVolumeClaim pvc, String node) {
        if (pv.getMetadata().getDeletionTimestamp() != null || !className(pv).equals(className(pvc))) {
            return false;
        }
        if (!volumeMode(pv.getSpec().getVolumeMode()).equals(volumeMode(pvc.getSpec().getVolumeMode()))) {
            return false;
        }
        List<String> have = pv.getSpec().getAccessModes() == null ? List.of() : pv.getSpec().getAccessModes();
        List<String> want = pvc.getSpec().getAccessModes() == null ? List.of() : pvc.getSpec().getAccessModes();
        if (!have.containsAll(want) || capacity(pv).compareTo(request(pvc)) < 0) {
            return false;
        }
        if (!selects(pvc.getSpec().getSelector(), pv.getMetadata().getLabels())) {
            return false;
        }
        return node == null || allowsNode(pv, node);
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        try {
            return io.jube.api.selector.LabelSelector.fromJson(Json.MAPPER.valueToTree(selector))
                    .matches(labels == null ? Map.of() : labels);
        } catch (SelectorException e) {
            return false; // an invalid selector selects nothing
        }
    }

    /** The PV's required node affinity admits a node named {@code node} (judged by kubernetes.io/hostname only). */
    static boolean allowsNode(PersistentVolume pv, String node) {
        var na = pv.getSpec().getNodeAffinity();
        if (na == null || na.getRequired() == null || na.getRequired().getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm t : na.getRequired().getNodeSelectorTerms()) {
            boolean ok = true;
            for (NodeSelectorRequirement r : t.getMatchExpressions() == null ? List.<NodeSelectorRequirement>of() : t.getMatchExpressions()) {
                if ("kubernetes.io/hostname".equals(r.getKey())) {
                    Collection<String> vals = r.getValues() == null ? List.of() : r.getValues();
                    boolean in = vals.contains(node);
                    ok &= "In".equals(r.getOperator()) ? in : !"NotIn".equals(r.getOperator()) || !in;
                }
            }
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** The smallest fitting unclaimed volume (or one pre-bound to this claim by name), or null. */
    static PersistentVolume best(Collection<PersistentVolume> pvs, PersistentVolumeClaim pvc, String node) {
        PersistentVolume best = null;
        for (PersistentVolume pv : pvs) {
            var ref = pv.getSpec().getClaimRef();
            boolean free = ref == null || (Objects.equals(ref.getNamespace(), pvc.getMetadata().getNamespace())
                    && Objects.equals(ref.getName(), pvc.getMetadata().getName())
                    && (ref.getUid() == null || ref.getUid().equals(pvc.getMetadata().getUid())));
            if (!free || !fits(pv, pvc, node)) {
                continue;
            }
            if (ref != null) {
                return pv; // pre-bound to this claim: it wins
            }
            if (best == null || capacity(pv).compareTo(capacity(best)) < 0) {
                best = pv;
            }
        }
        return best;
    }
}
