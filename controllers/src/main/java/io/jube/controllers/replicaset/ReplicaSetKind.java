package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.List;

/** apps/v1 ReplicaSet: a structured (matchLabels/matchExpressions) selector. */
public final class ReplicaSetKind implements ReplicaKind<ReplicaSet> {
    @Override
    public Class<ReplicaSet> type() {
        return ReplicaSet.class;
    }

    @Override
    public String kind() {
        return "ReplicaSet";
    }

    @Override
    public LabelSelector selector(ReplicaSet rs) {
        return LabelSelector.fromJson(rs.getSpec().getSelector() == null ? null
                : Json.MAPPER.valueToTree(rs.getSpec().getSelector()));
    }

    @Override
    public int replicas(ReplicaSet rs) {
        Integer r = rs.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    @Override
    public int minReadySeconds(ReplicaSet rs) {
        Integer m = rs.getSpec().getMinReadySeconds();
        return m == null ? 0 : m;
    }

    @Override
    public PodTemplateSpec template(ReplicaSet rs) {
        return rs.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicaSet rs) {
        ReplicaSetStatus s = rs.getStatus();
        if (s == null) {
            return new ReplicaStatus(0, 0, 0, 0, 0, null, null);
        }
        ReplicaSetCondition failure = s.getConditions() == null ? null : s.getConditions().stream()
                .filter(c -> "ReplicaFailure".equals(c.getType())).findFirst().orElse(null);
        return new ReplicaStatus(n(s.getReplicas()), n(s.getFullyLabeledReplicas()), n(s.getReadyReplicas()),
                n(s.getAvailableReplicas()), s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(),
                failure == null ? null : failure.getReason(), failure == null ? null : failure.getMessage());
    }

    @Override
    public ReplicaSet withStatus(ReplicaSet rs, ReplicaStatus st, String now) {
        List<ReplicaSetCondition> conditions = new ArrayList<>();
        ReplicaSetCondition existing = null;
        if (rs.getStatus() != null && rs.getStatus().getConditions() != null) {
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if ("ReplicaFailure".equals(c.getType())) {
                    existing = c;
                } else {
                    conditions.add(c);
                }
            }
        }
        if (st.failureReason() != null) {
            conditions.add(new ReplicaSetConditionBuilder().withType("ReplicaFailure").withStatus("True")
                    .withReason(st.failureReason()).withMessage(st.failureMessage())
                    .withLastTransitionTime(existing != null ? existing.getLastTransitionTime() : now).build());
        }
        return new ReplicaSetBuilder(rs).withNewStatus()
                .withReplicas(st.replicas())
                .withFullyLabeledReplicas(st.fullyLabeledReplicas())
                .withReadyReplicas(st.readyReplicas())
                .withAvailableReplicas(st.availableReplicas())
                .withObservedGeneration(st.observedGeneration())
                .withConditions(conditions)
                .endStatus().build();
    }

    static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
