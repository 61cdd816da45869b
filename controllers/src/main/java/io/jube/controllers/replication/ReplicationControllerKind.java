package io.jube.controllers.replication;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.controllers.replicaset.ReplicaKind;
import io.jube.controllers.replicaset.ReplicaStatus;
import io.jube.controllers.replicaset.ReplicaStatuses;
import java.util.Map;
import java.util.Objects;

/**
 * v1 ReplicationController: an equality-only (map) selector; an empty one selects nothing. Its status has the
 * ReplicaSet status's fields, so it is converted to that shape and shares {@link ReplicaStatuses}.
 */
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
        return Objects.requireNonNullElse(rc.getSpec().getReplicas(), 1);
    }

    @Override
    public int minReadySeconds(ReplicationController rc) {
        return Objects.requireNonNullElse(rc.getSpec().getMinReadySeconds(), 0);
    }

    @Override
    public PodTemplateSpec template(ReplicationController rc) {
        return rc.getSpec().getTemplate();
    }

    @Override
    public ReplicaStatus status(ReplicationController rc) {
        return ReplicaStatuses.read(asReplicaSetStatus(rc.getStatus()));
    }

    @Override
    public ReplicationController withStatus(ReplicationController rc, ReplicaStatus st, String now) {
        ReplicaSetStatus written = ReplicaStatuses.write(asReplicaSetStatus(rc.getStatus()), st, now);
        return new ReplicationControllerBuilder(rc)
                .withStatus(Json.MAPPER.convertValue(written, ReplicationControllerStatus.class)).build();
    }

    private static ReplicaSetStatus asReplicaSetStatus(ReplicationControllerStatus s) {
        return s == null ? null : Json.MAPPER.convertValue(s, ReplicaSetStatus.class);
    }
}
