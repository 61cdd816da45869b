package io.jube.api.strategy;

/** apps/v1 ReplicaSet. */
final class ReplicaSetStrategy extends WorkloadStrategy {
    ReplicaSetStrategy() {
        super(true);
    }
}
