package io.jube.controllers.statefulset;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.history.Revisions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The stable identity of a StatefulSet's pods: ordinal names, hostname/subdomain, identity labels and claims. */
final class StatefulPods {
    static final String POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
    static final String POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";

    private StatefulPods() {
    }

    static String podName(StatefulSet sts, int ordinal) {
        return sts.getMetadata().getName() + "-" + ordinal;
    }

    /** The ordinal of a pod named {@code <sts>-<n>}, or -1 if the name is not one of the set's. */
    static int ordinal(StatefulSet sts, Pod pod) {
        String prefix = sts.getMetadata().getName() + "-";
        String name = pod.getMetadata().getName();
        if (!name.startsWith(prefix)) {
            return -1;
        }
        String digits = name.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(Character::isDigit)
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return -1;
        }
        return Integer.parseInt(digits);
    }

    static String claimName(String template, StatefulSet sts, int ordinal) {
        return template + "-" + podName(sts, ordinal);
    }

    /** The revision (a ControllerRevision name) a pod was created from. */
    static String revision(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(Revisions.HASH_LABEL);
    }

    /** The pod for {@code ordinal} from {@code template} (the template of revision {@code revisionName}). */
    static Pod newPod(StatefulSet sts, PodTemplateSpec template, String revisionName, int ordinal) {
        String name = podName(sts, ordinal);
        var tm = template.getMetadata();
        Map<String, String> labels = new HashMap<>(tm == null || tm.getLabels() == null ? Map.of() : tm.getLabels());
        labels.put(POD_NAME_LABEL, name);
        labels.put(POD_INDEX_LABEL, Integer.toString(ordinal));
        labels.put(Revisions.HASH_LABEL, revisionName);
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(sts.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(new HashMap<>(tm == null || tm.getAnnotations() == null ? Map.of() : tm.getAnnotations()))
                .withOwnerReferences(OwnerRefs.controllerRef(sts)).endMetadata()
                .withSpec(new PodBuilder().withSpec(template.getSpec()).build().getSpec()).build();
        pod.getSpec().setHostname(name);
        if (sts.getSpec().getServiceName() != null && !sts.getSpec().getServiceName().isEmpty()) {
            pod.getSpec().setSubdomain(sts.getSpec().getServiceName());
        }
        // each claim template becomes a volume of the same name backed by this ordinal's claim
        List<Volume> volumes = new ArrayList<>(pod.getSpec().getVolumes() == null ? List.of() : pod.getSpec().getVolumes());
        for (PersistentVolumeClaim t : claimTemplates(sts)) {
            String vol = t.getMetadata().getName();
            volumes.removeIf(v -> vol.equals(v.getName()));
            volumes.add(new VolumeBuilder().withName(vol).withNewPersistentVolumeClaim()
                    .withClaimName(claimName(vol, sts, ordinal)).endPersistentVolumeClaim().build());
        }
        pod.getSpec().setVolumes(volumes);
        return pod;
    }

    static List<PersistentVolumeClaim> claimTemplates(StatefulSet sts) {
        return sts.getSpec().getVolumeClaimTemplates() == null ? List.of() : sts.getSpec().getVolumeClaimTemplates();
    }

    /** The claim of one template for one ordinal; owned by the set when its retention policy deletes with it. */
    static PersistentVolumeClaim newClaim(StatefulSet sts, PersistentVolumeClaim template, int ordinal) {
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels());
        if (sts.getSpec().getSelector() != null && sts.getSpec().getSelector().getMatchLabels() != null) {
            labels.putAll(sts.getSpec().getSelector().getMatchLabels());
        }
        var b = new PersistentVolumeClaimBuilder().withNewMetadata()
                .withName(claimName(template.getMetadata().getName(), sts, ordinal))
                .withNamespace(sts.getMetadata().getNamespace()).withLabels(labels)
                .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                .withSpec(template.getSpec());
        if ("Delete".equals(whenDeleted(sts))) {
            b.editMetadata().withOwnerReferences(OwnerRefs.controllerRef(sts)).endMetadata();
        }
        return b.build();
    }

    static String whenDeleted(StatefulSet sts) {
        var p = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p == null || p.getWhenDeleted() == null ? "Retain" : p.getWhenDeleted();
    }

    static String whenScaled(StatefulSet sts) {
        var p = sts.getSpec().getPersistentVolumeClaimRetentionPolicy();
        return p == null || p.getWhenScaled() == null ? "Retain" : p.getWhenScaled();
    }
}
