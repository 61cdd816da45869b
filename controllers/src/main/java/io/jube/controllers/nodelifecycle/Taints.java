package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Optional;

/** The node-health taints. */
final class Taints {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NO_SCHEDULE = "NoSchedule";
    static final String NO_EXECUTE = "NoExecute";

    private Taints() {
    }

    static boolean isHealthTaint(Taint t) {
        return NOT_READY.equals(t.getKey()) || UNREACHABLE.equals(t.getKey());
    }

    /** The health taint key a node with this Ready status gets, or empty when Ready. */
    static Optional<String> keyFor(String readyStatus) {
        return switch (readyStatus) {
            case "True" -> Optional.empty();
            case "False" -> Optional.of(NOT_READY);
            default -> Optional.of(UNREACHABLE);
        };
    }

    static List<Taint> noExecute(Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        return taints == null ? List.of() : taints.stream().filter(t -> NO_EXECUTE.equals(t.getEffect())).toList();
    }
}
