package io.jube.controllers.replicaset;

/**
 * The status a ReplicaSet or ReplicationController reports. {@code failure} is the message of the
 * {@code ReplicaFailure} condition (creating or deleting pods failed), or {@code null} when there is none.
 */
public record ReplicaStatus(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                            long observedGeneration, String failureReason, String failureMessage) {
}
