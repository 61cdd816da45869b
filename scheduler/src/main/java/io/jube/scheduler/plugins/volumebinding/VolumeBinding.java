package io.jube.scheduler.plugins.volumebinding;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.ClusterWriter;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import io.jube.api.scheduling.NodeSelectors;
import java.util.ArrayList;
import java.util.List;

/**
 * PersistentVolumeClaims of the pod: missing or Immediate-unbound claims make it unschedulable; bound volumes'
 * node affinity restricts the nodes; WaitForFirstConsumer claims are bound for the chosen node, which PreBind
 * records on the claim as volume.kubernetes.io/selected-node (the PV binder / provisioner acts on it).
 */
public final class VolumeBinding implements Plugin.PreFilter, Plugin.Filter, Plugin.PreBind {
    public static final String NAME = "VolumeBinding";
    public static final String SELECTED_NODE = "volume.kubernetes.io/selected-node";
    public static final String ERR_CONFLICT = "node(s) had volume node affinity conflict";
    public static final String ERR_BIND = "node(s) didn't find available persistent volumes to bind";
    public static final String ERR_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    public static final String ERR_MISSING_PV = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    private static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";
    private static final String KEY = "PreFilter" + NAME;

    private final ClusterLister lister;

    public VolumeBinding(ClusterLister lister) {
        this.lister = lister;
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Claims(List<String> boundVolumes, List<PersistentVolumeClaim> delayed) {
    }

    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<String> bound = new ArrayList<>();
        List<PersistentVolumeClaim> delayed = new ArrayList<>();
        List<Volume> volumes = pod.pod().getSpec().getVolumes();
        for (Volume v : volumes == null ? List.<Volume>of() : volumes) {
            String claim = claimName(pod, v);
            if (claim == null) {
                continue;
            }
            PersistentVolumeClaim pvc = lister.pvc(pod.namespace(), claim);
            if (pvc == null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claim + "\" not found");
            }
            if (pvc.getMetadata().getDeletionTimestamp() != null) {
                return Status.unresolvable("persistentvolumeclaim \"" + claim + "\" is being deleted");
            }
            String volumeName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
            if (volumeName != null && !volumeName.isEmpty()) {
                bound.add(volumeName);
            } else if (delayedBinding(pvc)) {
                delayed.add(pvc);
            } else {
                return Status.unresolvable(ERR_UNBOUND_IMMEDIATE);
            }
        }
        if (bound.isEmpty() && delayed.isEmpty()) {
            return Status.SKIP;
        }
        state.write(KEY, new Claims(bound, delayed));
        return Status.SUCCESS;
    }

    private static String claimName(PodInfo pod, Volume v) {
        if (v.getPersistentVolumeClaim() != null) {
            return v.getPersistentVolumeClaim().getClaimName();
        }
        if (v.getEphemeral() != null) {
            return pod.name() + "-" + v.getName(); // generic ephemeral volume: the claim the controller creates
        }
        return null;
    }

    private boolean delayedBinding(PersistentVolumeClaim pvc) {
        StorageClass sc = storageClass(pvc);
        return sc != null && "WaitForFirstConsumer".equals(sc.getVolumeBindingMode());
    }

    private StorageClass storageClass(PersistentVolumeClaim pvc) {
        String name = pvc.getSpec() == null ? null : pvc.getSpec().getStorageClassName();
        return name == null ? null : lister.storageClass(name);
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        Claims c = state.read(KEY);
        if (c == null) {
            return Status.SUCCESS;
        }
        for (String pvName : c.boundVolumes()) {
            PersistentVolume pv = lister.pv(pvName);
            if (pv == null) {
                return Status.unresolvable(ERR_MISSING_PV);
            }
            if (!fitsNode(pv, node)) {
                return Status.unresolvable(ERR_CONFLICT);
            }
        }
        for (PersistentVolumeClaim pvc : c.delayed()) {
            StorageClass sc = storageClass(pvc);
            if (NO_PROVISIONER.equals(sc.getProvisioner()) && !hasAvailableVolume(pvc, node)) {
                return Status.unschedulable(ERR_BIND);
            }
        }
        return Status.SUCCESS;
    }

    private static boolean fitsNode(PersistentVolume pv, NodeInfo node) {
        var na = pv.getSpec() == null ? null : pv.getSpec().getNodeAffinity();
        return na == null || na.getRequired() == null
                || NodeSelectors.matches(na.getRequired(), node.name(), node.labels());
    }

    /** A statically provisioned, unclaimed volume of the claim's class, big enough, reachable from the node. */
    private boolean hasAvailableVolume(PersistentVolumeClaim pvc, NodeInfo node) {
        String cls = pvc.getSpec().getStorageClassName();
        var want = pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null ? null
                : pvc.getSpec().getResources().getRequests().get("storage");
        for (PersistentVolume pv : lister.pvs()) {
            if (pv.getSpec() == null || pv.getSpec().getClaimRef() != null || !cls.equals(pv.getSpec().getStorageClassName())) {
                continue;
            }
            var have = pv.getSpec().getCapacity() == null ? null : pv.getSpec().getCapacity().get("storage");
            boolean bigEnough = want == null || (have != null
                    && have.getNumericalAmount().compareTo(want.getNumericalAmount()) >= 0);
            List<String> modes = pvc.getSpec().getAccessModes();
            boolean modesOk = modes == null || pv.getSpec().getAccessModes() != null
                    && pv.getSpec().getAccessModes().containsAll(modes);
            if (bigEnough && modesOk && fitsNode(pv, node)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Status preBind(CycleState state, PodInfo pod, String nodeName, ClusterWriter writer) {
        Claims c = state.read(KEY);
        if (c == null) {
            return Status.SUCCESS;
        }
        for (PersistentVolumeClaim pvc : c.delayed()) {
            writer.annotateClaim(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName(), SELECTED_NODE, nodeName);
        }
        return Status.SUCCESS;
    }
}
