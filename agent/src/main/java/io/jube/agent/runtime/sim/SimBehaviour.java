package io.jube.agent.runtime.sim;

import io.jube.agent.runtime.ContainerConfig;
import io.jube.agent.runtime.ContainerRuntimeException;
import io.jube.agent.runtime.PodSandboxConfig;
import java.time.Duration;
import java.util.Map;

/**
 * How a simulated container behaves, read from pod annotations: how long it runs before exiting
 * (never, for a restartPolicy Always pod without {@code jube.io/sim-run-seconds}), its exit code,
 * and how long it takes to stop after SIGTERM. Init containers always succeed at once.
 */
record SimBehaviour(Duration runFor, int exitCode, Duration stopTakes) {
    static final String RUN_SECONDS = "jube.io/sim-run-seconds";
    static final String EXIT_CODE = "jube.io/sim-exit-code";
    static final String STOP_SECONDS = "jube.io/sim-stop-seconds";

    /** {@code runFor} null means the container runs until stopped. */
    static SimBehaviour of(PodSandboxConfig pod, ContainerConfig container) {
        Map<String, String> a = pod.annotations();
        Duration stop = seconds(a, STOP_SECONDS, Duration.ZERO);
        if (container.init()) {
            return new SimBehaviour(Duration.ZERO, 0, stop);
        }
        int code = exitCode(a);
        Duration run = seconds(a, RUN_SECONDS, null);
        if (run == null && !"Always".equals(pod.restartPolicy())) {
            run = Duration.ZERO;
        }
        return new SimBehaviour(run, code, stop);
    }

    private static Duration seconds(Map<String, String> a, String key, Duration dflt) {
        String v = a.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            double s = Double.parseDouble(v.trim());
            if (s < 0 || s > 365 * 86400 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new ContainerRuntimeException("annotation " + key + ": \"" + v
                    + "\" is not a number of seconds between 0 and 31536000");
        }
    }

    private static int exitCode(Map<String, String> a) {
        String v = a.get(EXIT_CODE);
        if (v == null) {
            return 0;
        }
        try {
            int code = Integer.parseInt(v.trim());
            if (code < 0 || code > 255) {
                throw new NumberFormatException();
            }
            return code;
        } catch (NumberFormatException e) {
            throw new ContainerRuntimeException("annotation " + EXIT_CODE + ": \"" + v
                    + "\" is not an exit code between 0 and 255");
        }
    }
}
