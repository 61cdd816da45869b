package io.jube.api.scheduling;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/**
 * Kubernetes' toleration matching, shared by the scheduler, the DaemonSet controller and node lifecycle eviction.
 * A toleration tolerates a taint when its effect is empty or equal to the taint's, and its key is empty or equal
 * to the taint's, and then: {@code Exists} always; {@code Equal} (the default operator) when the values are equal
 * (absent and empty values are the same). An empty key is valid only with {@code Exists} (it then tolerates every
 * taint); with any other operator it tolerates nothing, as does an unknown operator.
 */
public final class Tolerations {
    public static final String EXISTS = "Exists";
    public static final String EQUAL = "Equal";

    private Tolerations() {
    }

    public static boolean tolerates(Toleration toleration, Taint taint) {
        String effect = nz(toleration.getEffect());
        if (!effect.isEmpty() && !effect.equals(taint.getEffect())) {
            return false;
        }
        String key = nz(toleration.getKey());
        String op = toleration.getOperator() == null || toleration.getOperator().isEmpty() ? EQUAL : toleration.getOperator();
        if (key.isEmpty()) {
            return op.equals(EXISTS);
        }
        if (!key.equals(taint.getKey())) {
            return false;
        }
        return switch (op) {
            case EXISTS -> true;
            case EQUAL -> nz(toleration.getValue()).equals(nz(taint.getValue()));
            default -> false;
        };
    }

    /** Whether any of {@code tolerations} (null: none) tolerates {@code taint}. */
    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
