package io.jube.controllers.replication;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerCondition;
import io.fabric8.kubernetes.api.model.ReplicationControllerConditionBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.jube.api.selector.LabelSelector;
import io.jube.controllers.replicaset.ReplicaKind;
import io.jube.controllers.replicaset.ReplicaStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** v1 ReplicationController: an equality-only (map) selector; an empty one selects nothing. */
public final class ReplicationControllerKind implements ReplicaKind<ReplicationController> {
    @Override
    public Class<ReplicationController> type() {
        return ReplicationController.class;
    }

    @Override
    public String kind() {
        return "ReplicationController";
    }

    @Override
    public LabelSelector selector(ReplicationController rc) {
        Map<String, String> sel = rc.getSpec().getSelector();
        // the API server defaults an absent selector to the template labels; if still empty, select nothing
        return sel == null || sel.isEmpty() ? LabelSelector.nothing() : LabelSelector.fromMap(sel);
    }

    @Override
    public int replicas(ReplicationController rc) {
        Integer r = rc.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    @Override
    public int minReadySeconds(ReplicationController rc) {
        Integer m = rc.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    @Override
    public PodTemplateSpec template(ReplicationController rc) {
        return rc.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicationController rc) {
        ReplicationControllerStatus s = rc.getStatus();
        if (s == null) {
            return new ReplicaStatus(0, 0, 0, 0, 0, null, null);
        }
        ReplicationControllerCondition failure = s.getConditions() == null ? null : s.getConditions().stream()
                .filter(c -> "ReplicaFailure".equals(c.getType())).findFirst().orElse(null);
        return new ReplicaStatus(n(s.getReplicas()), n(s.getFullyLabeledReplicas()), n(s.getReadyReplicas()),
                n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                failure == null ? null : failure.getReason(), failure == null ? null : failure.getMessage());
    }

    @Override
    public ReplicationController withStatus(ReplicationController rc, ReplicaStatus st, String now) {
        List<ReplicationControllerCondition> conditions = new ArrayList<>();
        ReplicationControllerCondition existing = null;
        if (rc.getStatus() != null && rc.getStatus().getConditions() != null) {
            for (ReplicationControllerCondition c : rc.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType())) {
                    existing = c;
                } else {
                    conditions.add(c);
                }
            }
        }
        if (st.failureReason() != null) {
            conditions.add(new ReplicationControllerConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(st.failureReason()).withMessage(st.failureMessage())
                    .withLastTransitionTime(existing != null ? existing.getLastTransitionTime() : now).build());
        }
        return new ReplicationControllerBuilder(rc).withNewStatus()
                .withReplicas(st.replicas())
                .withFullyLabeledReplicas(st.fullyLabeledReplicas())
                .withReadyReplicas(st.readyReplicas())
                .withAvailableReplicas(st.availableReplicas())
                .withObservedGeneration(st.observedGeneration())
                .withConditions(conditions)
                .endStatus().build();
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
