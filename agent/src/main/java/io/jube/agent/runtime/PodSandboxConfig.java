package io.jube.agent.runtime;

import java.util.Map;
import java.util.Objects;

/**
 * What a runtime needs to create a pod sandbox (CRI PodSandboxConfig): the pod's identity, its labels
 * and annotations, whether it shares the host network, and the node's IP for host-network pods.
 * {@code restartPolicy} is a hint for runtimes that simulate workloads; real runtimes ignore it.
 */
public record PodSandboxConfig(String name, String namespace, String uid, int attempt, String hostname,
                               Map<String, String> labels, Map<String, String> annotations,
                               boolean hostNetwork, String hostIP, String restartPolicy) {
    public PodSandboxConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(uid, "uid");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        restartPolicy = restartPolicy == null ? "Always" : restartPolicy;
    }
}
