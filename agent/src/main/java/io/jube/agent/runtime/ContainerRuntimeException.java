package io.jube.agent.runtime;

/** A runtime call failed; {@link #isNotFound()} tells a missing sandbox or container apart. */
public class ContainerRuntimeException extends RuntimeException {
    private final boolean notFound;

    public ContainerRuntimeException(String message) {
        this(message, false, null);
    }

    public ContainerRuntimeException(String message, Throwable cause) {
        this(message, false, cause);
    }

    private ContainerRuntimeException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    public static ContainerRuntimeException notFound(String what, String id) {
        return new ContainerRuntimeException(what + " \"" + id + "\" not found", true, null);
    }

    public boolean isNotFound() {
        return notFound;
    }
}
