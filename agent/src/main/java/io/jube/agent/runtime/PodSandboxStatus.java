package io.jube.agent.runtime;

import java.time.Instant;

/** A sandbox as the runtime reports it: READY while its network is up. */
public record PodSandboxStatus(String id, PodSandboxConfig config, State state, String ip, Instant createdAt) {
    public enum State { READY, NOTREADY }

    public boolean ready() {
        return state == State.READY;
    }
}
