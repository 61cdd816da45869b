package io.jube.agent.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A container runtime as the node agent sees it, shaped like the Kubernetes CRI RuntimeService:
 * a pod is a sandbox (its network identity) holding containers, each container a numbered attempt.
 * Pod workers drive only this interface and never know which runtime is behind it.
 *
 * <p>Methods throw {@link ContainerRuntimeException} on failure. Unknown ids fail with
 * {@link ContainerRuntimeException#notFound}, except the status and remove methods, which treat a
 * missing object as absent (removal is idempotent, as in CRI).
 */
public interface Runtime extends AutoCloseable {
    /** Short runtime name, used in container ids ({@code name://id}) and the node's containerRuntimeVersion. */
    String name();

    /** Runtime version for {@code status.nodeInfo.containerRuntimeVersion} ({@code name://version}). */
    String version();

    /** Creates a pod sandbox and its network; returns the sandbox id. */
    String runPodSandbox(PodSandboxConfig config);

    /** Stops every container of the sandbox at once and releases its network. */
    void stopPodSandbox(String sandboxId);

    /** Removes the sandbox and all its containers; a no-op for an unknown id. */
    void removePodSandbox(String sandboxId);

    Optional<PodSandboxStatus> podSandboxStatus(String sandboxId);

    /** Creates (does not start) a container in a sandbox; returns the container id. */
    String createContainer(String sandboxId, ContainerConfig config);

    void startContainer(String containerId);

    /**
     * Asks a container to stop, killing it after {@code timeoutSeconds}; completes when it has exited.
     * Stopping an exited container completes at once.
     */
    CompletableFuture<Void> stopContainer(String containerId, long timeoutSeconds);

    /** Removes a container (killing it if it still runs); a no-op for an unknown id. */
    void removeContainer(String containerId);

    Optional<ContainerStatus> containerStatus(String containerId);

    /** Containers of one sandbox, or of all sandboxes when {@code sandboxId} is null. */
    List<ContainerStatus> listContainers(String sandboxId);

    /** Runs a command in a running container and collects its output. */
    ExecResult exec(String containerId, List<String> command, Duration timeout);

    /** The container's log lines (stdout and stderr interleaved), the last {@code tailLines} if positive. */
    List<String> logs(String containerId, int tailLines);

    ContainerStats stats(String containerId);

    /**
     * Receives container lifecycle events (started, exited), like the kubelet's pod lifecycle event
     * generator; replaces any previous listener. Called on runtime threads: keep it short.
     */
    void setEventListener(Consumer<ContainerEvent> listener);

    @Override
    void close();
}
