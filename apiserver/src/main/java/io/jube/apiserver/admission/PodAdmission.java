package io.jube.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.Admission;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import java.util.Optional;

/**
 * The pod admission plugins Kubernetes enables by default: ServiceAccount (default account),
 * DefaultTolerationSeconds (tolerate not-ready/unreachable NoExecute taints for 300 s) and Priority
 * (resolve {@code priorityClassName} into {@code priority} and {@code preemptionPolicy}).
 */
public final class PodAdmission implements Admission {
    static final long DEFAULT_TOLERATION_SECONDS = 300;
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";

    private final Registry registry;

    public PodAdmission(Registry registry) {
        this.registry = registry;
    }

    @Override
    public void admit(Operation op, ResourceDef def, ObjectNode obj, ObjectNode old, RequestContext ctx) {
        if (op != Operation.CREATE || !def.group().isEmpty() || !def.kind().equals("Pod")) {
            return;
        }
        ObjectNode spec = Json.with(obj, "spec");
        serviceAccount(spec);
        tolerations(spec);
        priority(spec, Json.text(obj, "metadata", "name"));
    }

    private static void serviceAccount(ObjectNode spec) {
        String sa = Json.text(spec, "serviceAccountName");
        if (sa == null || sa.isEmpty()) {
            String legacy = Json.text(spec, "serviceAccount");
            sa = legacy == null || legacy.isEmpty() ? "default" : legacy;
            spec.put("serviceAccountName", sa);
        }
        spec.put("serviceAccount", sa);
    }

    private static void tolerations(ObjectNode spec) {
        JsonNode existing = spec.get("tolerations");
        ArrayNode list = existing instanceof ArrayNode a ? a : Json.NODES.arrayNode();
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : list) {
            String effect = t.path("effect").asText("");
            boolean noExecute = effect.isEmpty() || effect.equals("NoExecute");
            String key = t.path("key").asText("");
            boolean all = key.isEmpty() && "Exists".equals(t.path("operator").asText());
            notReady |= noExecute && (all || key.equals(NOT_READY));
            unreachable |= noExecute && (all || key.equals(UNREACHABLE));
        }
        if (!notReady) {
            list.addObject().put("key", NOT_READY).put("operator", "Exists").put("effect", "NoExecute")
                    .put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
        }
        if (!unreachable) {
            list.addObject().put("key", UNREACHABLE).put("operator", "Exists").put("effect", "NoExecute")
                    .put("tolerationSeconds", DEFAULT_TOLERATION_SECONDS);
        }
        spec.set("tolerations", list);
    }

    private static final byte[] GLOBAL_DEFAULT = "\"globalDefault\":true".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The PriorityClass marked globalDefault; only classes whose bytes say so are decoded (once per pod create). */
    private Optional<ObjectNode> globalDefault(ResourceDef classes) {
        for (io.jube.store.KeyValue kv : registry.listStored(classes, null, Registry.ALL, 0, null, 0).items()) {
            if (contains(kv.value(), GLOBAL_DEFAULT)) {
                ObjectNode c = (ObjectNode) Json.parse(kv.value());
                if (c.path("globalDefault").asBoolean(false)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void priority(ObjectNode spec, String podName) {
        ResourceDef classes = registry.catalogue().find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow();
        String name = Json.text(spec, "priorityClassName");
        Optional<ObjectNode> pc;
        if (name == null || name.isEmpty()) {
            pc = globalDefault(classes);
            pc.ifPresent(c -> spec.put("priorityClassName", Json.text(c, "metadata", "name")));
        } else {
            pc = registry.find(classes, null, name);
            if (pc.isEmpty() && !name.equals("system-cluster-critical") && !name.equals("system-node-critical")) {
                throw ApiException.forbidden("pods \"" + podName + "\" is forbidden: no PriorityClass "
                        + "with name " + name + " was found");
            }
        }
        long value = pc.map(c -> c.path("value").asLong(0))
                .orElse("system-node-critical".equals(name) ? 2000001000L
                        : "system-cluster-critical".equals(name) ? 2000000000L : 0L);
        if (spec.has("priority") && spec.get("priority").asLong() != value) {
            throw ApiException.forbidden("the integer value of priority (" + spec.get("priority").asLong()
                    + ") must not be provided in pod spec; priority admission controller computed " + value
                    + " from the given PriorityClass name");
        }
        spec.put("priority", value);
        String policy = pc.map(c -> Json.text(c, "preemptionPolicy")).orElse(null);
        if (!spec.has("preemptionPolicy")) {
            spec.put("preemptionPolicy", policy != null ? policy : "PreemptLowerPriority");
        }
    }
}
