package io.jube.api.validation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A pod's quality-of-service class, computed from cpu and memory requests and limits as Kubernetes does. */
public final class PodQos {
    private static final List<String> TRACKED = List.of("cpu", "memory");

    private PodQos() {
    }

    public static String of(ObjectNode spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        for (String list : List.of("initContainers", "containers")) {
            for (ObjectNode c : Nodes.objects(spec, list)) {
                ObjectNode res = Nodes.obj(c, "resources");
                sum(Nodes.obj(res, "requests"), requests);
                int found = sum(Nodes.obj(res, "limits"), limits);
                if (found != TRACKED.size()) {
                    guaranteed = false;
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> e : requests.entrySet()) {
                BigDecimal l = limits.get(e.getKey());
                if (l == null || l.compareTo(e.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    /** Adds the non-zero cpu/memory quantities of a list into {@code into}; returns how many were present. */
    private static int sum(ObjectNode list, Map<String, BigDecimal> into) {
        int found = 0;
        for (String r : TRACKED) {
            BigDecimal q = list == null ? null : Quantity.parse(list.get(r));
            if (q != null && q.signum() != 0) {
                into.merge(r, q, BigDecimal::add);
                found++;
            }
        }
        return found;
    }
}
