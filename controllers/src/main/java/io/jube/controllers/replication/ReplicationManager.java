package io.jube.controllers.replication;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.jube.controllers.replicaset.ReplicaController;

/** The v1 ReplicationController controller: the ReplicaSet logic over ReplicationControllers. */
public final class ReplicationManager extends ReplicaController<ReplicationController> {
    public static final String NAME = "replicationcontroller";

    public ReplicationManager() {
        super(NAME, new ReplicationControllerKind());
    }
}
