package io.jube.controllers.daemonset;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.jube.api.scheduling.NodeSelectors;
import io.jube.api.scheduling.Tolerations;
import java.util.List;

/**
 * Whether a daemon pod belongs on a node (Kubernetes' NodeShouldRunDaemonPod): the pod's nodeSelector and required
 * node affinity must match the node, and its tolerations must tolerate the node's NoSchedule and NoExecute taints to
 * start there; a running pod only has to tolerate the NoExecute ones to stay.
 */
record NodeEligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static NodeEligibility of(Node node, PodSpec spec) {
        if (!NodeSelectors.podMatches(spec, node.getMetadata().getName(), node.getMetadata().getLabels())) {
            return new NodeEligibility(false, false);
        }
        boolean run = true;
        boolean stay = true;
        for (Taint t : node.getSpec() == null || node.getSpec().getTaints() == null ? List.<Taint>of() : node.getSpec().getTaints()) {
            if (Tolerations.tolerates(spec.getTolerations(), t)) {
                continue;
            }
            if ("NoExecute".equals(t.getEffect())) {
                run = false;
                stay = false;
            } else if ("NoSchedule".equals(t.getEffect())) {
                run = false;
            }
        }
        return new NodeEligibility(run, stay);
    }
}
