package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The node-health taints and Kubernetes' toleration rules for them. */
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

    /** A toleration tolerates a taint when effects agree (empty = all) and the key/value match per operator. */
    static boolean tolerates(Toleration tol, Taint taint) {
        if (tol.getEffect() != null && !tol.getEffect().isEmpty() && !tol.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = tol.getKey() == null ? "" : tol.getKey();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        if ("Exists".equals(tol.getOperator())) {
            return true;
        }
        // Equal is the default operator; an empty key with Equal is invalid and tolerates nothing
        return !key.isEmpty() && Objects.equals(nullToEmpty(tol.getValue()), nullToEmpty(taint.getValue()));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
