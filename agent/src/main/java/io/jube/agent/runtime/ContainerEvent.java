package io.jube.agent.runtime;

/** A container changed state in the runtime (CRI ContainerEventResponse, simplified). */
public record ContainerEvent(String containerId, String sandboxId, Type type) {
    public enum Type { CREATED, STARTED, STOPPED, DELETED }
}
