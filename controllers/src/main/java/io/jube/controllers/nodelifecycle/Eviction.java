package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.jube.api.scheduling.Tolerations;
import io.jube.controllers.framework.Times;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * When a pod on a node with NoExecute taints must go (Kubernetes' taint manager): at once if some taint is not
 * tolerated; never if every taint is tolerated without {@code tolerationSeconds}; otherwise the smallest
 * {@code tolerationSeconds} after the taint was added.
 */
final class Eviction {
    private Eviction() {
    }

    /** The eviction time, or empty if the pod may stay. */
    static Optional<Instant> deadline(Pod pod, List<Taint> noExecute, Instant now) {
        List<Toleration> tolerations = pod.getSpec() == null || pod.getSpec().getTolerations() == null
                ? List.of() : pod.getSpec().getTolerations();
        Instant earliest = null;
        for (Taint taint : noExecute) {
            List<Toleration> matching = tolerations.stream().filter(t -> Tolerations.tolerates(t, taint)).toList();
            if (matching.isEmpty()) {
                return Optional.of(now);
            }
            Long seconds = null;
            for (Toleration t : matching) {
                if (t.getTolerationSeconds() == null) {
                    continue; // tolerates forever
                }
                long s = Math.max(0, t.getTolerationSeconds());
                seconds = seconds == null ? s : Math.min(seconds, s);
            }
            if (seconds == null) {
                continue;
            }
            Instant added = Times.parse(taint.getTimeAdded());
            Instant at = (added == null ? now : added).plusSeconds(seconds);
            earliest = earliest == null || at.isBefore(earliest) ? at : earliest;
        }
        return Optional.ofNullable(earliest);
    }
}
