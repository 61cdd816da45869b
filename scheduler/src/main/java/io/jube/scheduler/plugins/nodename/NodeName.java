package io.jube.scheduler.plugins.nodename;

import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.Plugin;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Status;

/** A pod that names a node in spec.nodeName fits only that node. */
public final class NodeName implements Plugin.Filter {
    public static final String NAME = "NodeName";
    public static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Status filter(CycleState state, PodInfo pod, NodeInfo node) {
        String want = pod.nodeName();
        return want == null || want.isEmpty() || want.equals(node.name()) ? Status.SUCCESS : Status.unresolvable(REASON);
    }
}
