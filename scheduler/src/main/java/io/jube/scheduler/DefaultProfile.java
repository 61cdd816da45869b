package io.jube.scheduler;

import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.jube.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.jube.scheduler.plugins.nodeaffinity.NodeAffinity;
import io.jube.scheduler.plugins.nodename.NodeName;
import io.jube.scheduler.plugins.nodeports.NodePorts;
import io.jube.scheduler.plugins.noderesources.BalancedAllocation;
import io.jube.scheduler.plugins.noderesources.NodeResourcesFit;
import io.jube.scheduler.plugins.nodeunschedulable.NodeUnschedulable;
import io.jube.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.jube.scheduler.plugins.tainttoleration.TaintToleration;
import io.jube.scheduler.plugins.volumebinding.VolumeBinding;

/** Kubernetes' default-scheduler profile: its plugins in its filter order, with its default score weights. */
public final class DefaultProfile {
    private DefaultProfile() {
    }

    public static Framework create(ClusterLister lister) {
        Framework f = new Framework();
        f.add(new NodeUnschedulable())
                .add(new NodeName())
                .add(new TaintToleration(), 3)
                .add(new NodeAffinity(), 2)
                .add(new NodePorts())
                .add(new NodeResourcesFit(), 1)
                .add(new VolumeBinding(lister))
                .add(new PodTopologySpread(), 2)
                .add(new InterPodAffinity(lister), 2)
                .add(new BalancedAllocation(), 1);
        f.add(new DefaultPreemption(f, lister));
        return f;
    }
}
