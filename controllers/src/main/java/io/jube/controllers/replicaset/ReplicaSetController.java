package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.apps.ReplicaSet;

/** The apps/v1 ReplicaSet controller. */
public final class ReplicaSetController extends ReplicaController<ReplicaSet> {
    public static final String NAME = "replicaset";

    public ReplicaSetController() {
        super(NAME, new ReplicaSetKind());
    }
}
