package io.jube.scheduler.plugins.tainttoleration;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Kubernetes' toleration matching rules. */
public final class Tolerations {
    private Tolerations() {
    }

    /**
     * An empty toleration effect matches every effect; an empty key with Exists matches every taint; Exists
     * ignores the value; Equal (the default operator) requires it.
     */
    public static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        String key = t.getKey() == null ? "" : t.getKey();
        String op = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if (!key.isEmpty() && !key.equals(taint.getKey())) {
            return false;
        }
        if (key.isEmpty() && !op.equals("Exists")) {
            return false;
        }
        return switch (op) {
            case "Exists" -> true;
            case "Equal" -> nz(t.getValue()).equals(nz(taint.getValue()));
            default -> false;
        };
    }

    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
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
