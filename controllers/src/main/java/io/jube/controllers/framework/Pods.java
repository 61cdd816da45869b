package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Pod state as controllers judge it (Kubernetes' podutil). */
public final class Pods {
    private Pods() {
    }

    public static String phase(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPhase() == null ? "" : pod.getStatus().getPhase();
    }

    /** Not finished (Succeeded/Failed) and not being deleted: the pods that count toward replicas. */
    public static boolean isActive(Pod pod) {
        String phase = phase(pod);
        return !"Succeeded".equals(phase) && !"Failed".equals(phase)
                && pod.getMetadata().getDeletionTimestamp() == null;
    }

    public static Optional<PodCondition> readyCondition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }

    public static boolean isReady(Pod pod) {
        return readyCondition(pod).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** When the pod last became Ready, or {@code null} if it is not ready or the time is unknown. */
    public static Instant readySince(Pod pod) {
        return readyCondition(pod).filter(c -> "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).map(Times::parse).orElse(null);
    }

    /** Ready for at least {@code minReadySeconds} at {@code now}. */
    public static boolean isAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod)) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        Instant since = readySince(pod);
        return since != null && !since.plusSeconds(minReadySeconds).isAfter(now);
    }

    /** How long until a ready but not yet available pod becomes available; empty if that will not happen by itself. */
    public static Optional<Duration> untilAvailable(Pod pod, int minReadySeconds, Instant now) {
        if (!isReady(pod) || minReadySeconds <= 0) {
            return Optional.empty();
        }
        Instant since = readySince(pod);
        if (since == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(now, since.plusSeconds(minReadySeconds));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public static int restarts(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
    }
}
