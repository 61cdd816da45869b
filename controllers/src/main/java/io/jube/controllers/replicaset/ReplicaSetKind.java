package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import java.util.Objects;

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
        return Objects.requireNonNullElse(rs.getSpec().getReplicas(), 1);
    }

    @Override
    public int minReadySeconds(ReplicaSet rs) {
        return Objects.requireNonNullElse(rs.getSpec().getMinReadySeconds(), 0);
    }

    @Override
    public PodTemplateSpec template(ReplicaSet rs) {
        return rs.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicaSet rs) {
        return ReplicaStatuses.read(rs.getStatus());
    }

    @Override
    public ReplicaSet withStatus(ReplicaSet rs, ReplicaStatus st, String now) {
        return new ReplicaSetBuilder(rs).withStatus(ReplicaStatuses.write(rs.getStatus(), st, now)).build();
    }
}
