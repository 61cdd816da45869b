package io.jube.agent.runtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a runtime needs to create one container attempt (CRI ContainerConfig). {@code attempt} counts
 * restarts of the same container name in the sandbox; {@code init} marks an init container that runs
 * to completion before the pod's containers start.
 */
public record ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
                              Map<String, String> env, Map<String, String> labels, Map<String, String> annotations,
                              boolean init) {
    public ContainerConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(image, "image");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, not " + attempt);
        }
        command = command == null ? List.of() : List.copyOf(command);
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }
}
