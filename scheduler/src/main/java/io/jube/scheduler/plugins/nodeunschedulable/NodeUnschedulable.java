package io.jube.scheduler.plugins.nodeunschedulable;

import io.fabric8.kubernetes.api.model.Taint;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Status;
import io.jube.api.scheduling.Tolerations;

/** Cordoned nodes (spec.unschedulable) take only pods tolerating node.kubernetes.io/unschedulable:NoSchedule. */
public final class NodeUnschedulable implements Plugin.Filter {
    public static final String NAME = "NodeUnschedulable";
    public static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE = new Taint("NoSchedule", "node.kubernetes.io/unschedulable", null, null);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (node.node() == null) {
            return Status.unresolvable("node(s) had unknown conditions");
        }
        if (!node.unschedulable() || Tolerations.tolerates(pod.tolerations(), UNSCHEDULABLE)) {
            return Status.SUCCESS;
        }
        return Status.unresolvable(REASON);
    }
}
