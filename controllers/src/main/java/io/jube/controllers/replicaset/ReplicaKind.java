package io.jube.controllers.replicaset;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.jube.api.selector.LabelSelector;

/**
 * How {@link ReplicaController} reads and writes one owner type: ReplicaSet and ReplicationController are the
 * same controller over different objects (a set-based vs a map selector), exactly as in Kubernetes.
 */
public interface ReplicaKind<T extends HasMetadata> {
    Class<T> type();

    /** The owner's kind, as in the pods' controller ownerReference. */
    String kind();

    /** The owner's pod selector; throws {@link io.jube.api.selector.SelectorException} if it is malformed. */
    LabelSelector selector(T owner);

    int replicas(T owner);

    int minReadySeconds(T owner);

    PodTemplateSpec template(T owner);

    ReplicaStatus status(T owner);

    /** A copy of {@code owner} carrying {@code status} (the cached object is never modified). */
    T withStatus(T owner, ReplicaStatus status, String now);
}
