package io.jube.scheduler.plugins.nodeports;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.HostPort;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;

/** A pod's host ports must be free on the node (0.0.0.0 conflicts with every address). */
public final class NodePorts implements Plugin.PreFilter, Plugin.Filter {
    public static final String NAME = "NodePorts";
    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";

    @Override
    public String name() {
        return NAME;
    }

    /** A pod without host ports conflicts with nothing: skip Filter (as Kubernetes does). */
    @Override
    public Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        return pod.hostPorts().isEmpty() ? Status.SKIP : Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (pod.hostPorts().isEmpty()) {
            return Status.SUCCESS;
        }
        for (HostPort used : node.usedPorts()) {
            for (HostPort want : pod.hostPorts()) {
                if (want.conflicts(used)) {
                    return Status.unschedulable(REASON);
                }
            }
        }
        return Status.SUCCESS;
    }
}
