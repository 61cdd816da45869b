package io.jube.agent.runtime;

import java.time.Instant;

/**
 * One container attempt as the runtime reports it (CRI ContainerStatus). {@code image} is the
 * normalised reference, {@code imageRef} the digest reference; times are null until they happen;
 * {@code exitCode} and {@code reason} mean something only once EXITED.
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, boolean init,
                              String image, String imageRef, State state,
                              Instant createdAt, Instant startedAt, Instant finishedAt,
                              int exitCode, String reason, String message) {
    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

    public boolean running() {
        return state == State.RUNNING;
    }

    public boolean exited() {
        return state == State.EXITED;
    }
}
