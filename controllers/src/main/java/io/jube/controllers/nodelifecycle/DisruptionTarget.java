package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jube.controllers.framework.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code DisruptionTarget} pod condition Kubernetes sets before a control-plane component deletes a pod, so
 * the pod's owner (e.g. a Job's podFailurePolicy) and its user can tell why it went.
 */
public final class DisruptionTarget {
    public static final String TYPE = "DisruptionTarget";

    private DisruptionTarget() {
    }

    /**
     * Writes the condition (and, if {@code failed}, phase Failed for a pod not yet terminal) through the status
     * subresource; a pod that is already gone is fine.
     */
    public static void mark(KubernetesClient client, Pod pod, String reason, String message, boolean failed, Instant now) {
        Pod updated = new PodBuilder(pod).editOrNewStatus().endStatus().build();
        List<PodCondition> conditions = new ArrayList<>(updated.getStatus().getConditions() == null
                ? List.of() : updated.getStatus().getConditions());
        conditions.removeIf(c -> TYPE.equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType(TYPE).withStatus("True").withReason(reason).withMessage(message)
                .withLastTransitionTime(Times.format(now)).build());
        updated.getStatus().setConditions(conditions);
        String phase = updated.getStatus().getPhase();
        if (failed && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            updated.getStatus().setPhase("Failed");
        }
        try {
            client.pods().resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
