package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the status both replica kinds share. ReplicaSetStatus and ReplicationControllerStatus have the
 * same fields on the wire, so the logic is written once over {@link ReplicaSetStatus}; the ReplicationController kind
 * converts its status to and from that shape.
 */
public final class ReplicaStatuses {
    static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaStatuses() {
    }

    public static ReplicaStatus read(ReplicaSetStatus s) {
        if (s == null) {
            return new ReplicaStatus(0, 0, 0, 0, 0, null, null);
        }
        ReplicaSetCondition failure = failure(s);
        return new ReplicaStatus(n(s.getReplicas()), n(s.getFullyLabeledReplicas()), n(s.getReadyReplicas()),
                n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                failure == null ? null : failure.getReason(), failure == null ? null : failure.getMessage());
    }

    /**
     * The status to write: the counts of {@code st}, the other conditions of {@code previous} kept, and the
     * ReplicaFailure condition set (keeping its transition time while it stays) or removed.
     */
    public static ReplicaSetStatus write(ReplicaSetStatus previous, ReplicaStatus st, String now) {
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        if (previous != null && previous.getConditions() != null) {
            previous.getConditions().stream().filter(c -> !REPLICA_FAILURE.equals(c.getType())).forEach(conditions::add);
        }
        if (st.failureReason() != null) {
            ReplicaSetCondition existing = previous == null ? null : failure(previous);
            conditions.add(new ReplicaSetConditionBuilder().withType(REPLICA_FAILURE).withStatus("True")
                    .withReason(st.failureReason()).withMessage(st.failureMessage())
                    .withLastTransitionTime(existing != null ? existing.getLastTransitionTime() : now).build());
        }
        return new ReplicaSetStatusBuilder()
                .withReplicas(st.replicas())
                .withFullyLabeledReplicas(st.fullyLabeledReplicas())
                .withReadyReplicas(st.readyReplicas())
                .withAvailableReplicas(st.availableReplicas())
                .withObservedGeneration(st.observedGeneration())
                .withConditions(conditions)
                .build();
    }

    private static ReplicaSetCondition failure(ReplicaSetStatus s) {
        return s.getConditions() == null ? null : s.getConditions().stream()
                .filter(c -> REPLICA_FAILURE.equals(c.getType())).findFirst().orElse(null);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
