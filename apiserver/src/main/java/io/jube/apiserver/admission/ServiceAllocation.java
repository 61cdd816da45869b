package io.jube.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.strategy.FieldError;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.Admission;
import io.jube.apiserver.registry.RequestContext;
import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.Store;
import io.jube.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Allocates Service cluster IPs (from the service CIDR) and node ports (30000-32767), as
 * kube-apiserver's service REST storage does. Each allocation is a store key created only if absent,
 * so allocations are unique across API servers sharing one store; {@link #repair} releases
 * allocations whose Service no longer exists.
 */
public final class ServiceAllocation implements Admission {
    public static final String IP_PREFIX = "/registry/ranges/serviceips/";
    public static final String PORT_PREFIX = "/registry/ranges/servicenodeports/";
    public static final int NODE_PORT_MIN = 30000;
    public static final int NODE_PORT_MAX = 32767;

    private final Store store;
    private final int base;
    private final int size;

    /** {@code cidr} like 10.43.0.0/16 (IPv4). */
    public ServiceAllocation(Store store, String cidr) {
        this.store = store;
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        this.base = toInt(parts[0]) & (bits == 0 ? 0 : -1 << (32 - bits));
        this.size = 1 << (32 - bits);
    }

    /** The first usable address, reserved for the {@code kubernetes} service. */
    public String firstIp() {
        return toIp(base + 1);
    }

    @Override
    public void admit(Operation op, ResourceDef def, ObjectNode obj, ObjectNode old, RequestContext ctx) {
        if (!def.group().isEmpty() || !def.kind().equals("Service")) {
            return;
        }
        String owner = Json.text(obj, "metadata", "namespace") + "/" + Json.text(obj, "metadata", "name");
        switch (op) {
            case CREATE -> {
                allocateIp(obj, owner, ctx);
                allocateNodePorts(obj, null, owner, ctx);
            }
            case UPDATE -> {
                if (!"ExternalName".equals(type(obj)) && !obj.path("spec").has("clusterIP") && old != null
                        && old.path("spec").has("clusterIP")) {
                    ((ObjectNode) obj.get("spec")).set("clusterIP", old.path("spec").get("clusterIP"));
                    ((ObjectNode) obj.get("spec")).set("clusterIPs", old.path("spec").path("clusterIPs"));
                }
                if ("ExternalName".equals(type(obj)) || Json.text(obj, "spec", "clusterIP") == null) {
                    allocateIp(obj, owner, ctx);
                }
                allocateNodePorts(obj, old, owner, ctx);
                if (!ctx.dryRun() && old != null) {
                    Set<Integer> kept = nodePorts(obj);
                    for (int p : nodePorts(old)) {
                        if (!kept.contains(p)) {
                            release(PORT_PREFIX + p);
                        }
                    }
                }
            }
            case DELETE -> {
                if (!ctx.dryRun()) {
                    releaseAll(obj);
                }
            }
        }
    }

    private static String type(ObjectNode svc) {
        String t = Json.text(svc, "spec", "type");
        return t == null ? "ClusterIP" : t;
    }

    private void allocateIp(ObjectNode svc, String owner, RequestContext ctx) {
        ObjectNode spec = Json.with(svc, "spec");
        if ("ExternalName".equals(type(svc))) {
            return;
        }
        String wanted = Json.text(svc, "spec", "clusterIP");
        if ("None".equals(wanted)) {
            spec.putArray("clusterIPs").add("None");
            return;
        }
        String ip;
        if (wanted != null && !wanted.isEmpty()) {
            int v;
            try {
                v = toInt(wanted);
            } catch (IllegalArgumentException e) {
                throw invalid(svc, "spec.clusterIPs", wanted, "must be a valid IP address");
            }
            if (v - base <= 0 || v - base >= size - 1) {
                throw invalid(svc, "spec.clusterIPs", wanted, "failed to allocate IP " + wanted
                        + ": provided IP is not in the valid range. The range of valid IPs is " + toIp(base) + "/"
                        + (32 - Integer.numberOfTrailingZeros(size)));
            }
            if (!ctx.dryRun() && !reserve(IP_PREFIX + wanted, owner)) {
                throw invalid(svc, "spec.clusterIPs", wanted, "failed to allocate IP " + wanted
                        + ": provided IP is already allocated");
            }
            ip = wanted;
        } else {
            ip = ctx.dryRun() ? pickFreeIp() : allocateFreeIp(owner);
        }
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        if (!spec.has("ipFamilyPolicy")) {
            spec.put("ipFamilyPolicy", "SingleStack");
        }
    }

    private String allocateFreeIp(String owner) {
        int start = 2 + ThreadLocalRandom.current().nextInt(Math.max(1, size - 3));
        for (int i = 0; i < size - 3; i++) {
            String ip = toIp(base + 2 + (start - 2 + i) % (size - 3));
            if (reserve(IP_PREFIX + ip, owner)) {
                return ip;
            }
        }
        throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: "
                + "range is full", null);
    }

    private String pickFreeIp() {
        for (int i = 0; i < 64; i++) {
            String ip = toIp(base + 2 + ThreadLocalRandom.current().nextInt(Math.max(1, size - 3)));
            if (store.get(IP_PREFIX + ip).isEmpty()) {
                return ip;
            }
        }
        return toIp(base + 2);
    }

    private void allocateNodePorts(ObjectNode svc, ObjectNode old, String owner, RequestContext ctx) {
        String type = type(svc);
        JsonNode ports = svc.path("spec").path("ports");
        if (!(type.equals("NodePort") || type.equals("LoadBalancer")) || !ports.isArray()) {
            for (JsonNode p : ports) {
                if (p instanceof ObjectNode po && (type.equals("ClusterIP") || type.equals("ExternalName"))) {
                    po.remove("nodePort");
                }
            }
            return;
        }
        Set<Integer> owned = old == null ? Set.of() : nodePorts(old);
        for (JsonNode p : ports) {
            ObjectNode po = (ObjectNode) p;
            JsonNode np = po.get("nodePort");
            if (np != null && np.asInt() != 0) {
                int port = np.asInt();
                if (port < NODE_PORT_MIN || port > NODE_PORT_MAX) {
                    throw invalid(svc, "spec.ports[].nodePort", port, "provided port is not in the valid range. "
                            + "The range of valid ports is " + NODE_PORT_MIN + "-" + NODE_PORT_MAX);
                }
                if (!owned.contains(port) && !ctx.dryRun() && !reserve(PORT_PREFIX + port, owner)) {
                    throw invalid(svc, "spec.ports[].nodePort", port, "provided port is already allocated");
                }
            } else {
                po.put("nodePort", ctx.dryRun() ? NODE_PORT_MIN + ThreadLocalRandom.current()
                        .nextInt(NODE_PORT_MAX - NODE_PORT_MIN + 1) : allocateFreePort(owner));
            }
        }
    }

    private int allocateFreePort(String owner) {
        int n = NODE_PORT_MAX - NODE_PORT_MIN + 1;
        int start = ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int port = NODE_PORT_MIN + (start + i) % n;
            if (reserve(PORT_PREFIX + port, owner)) {
                return port;
            }
        }
        throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: "
                + "range is full", null);
    }

    private static Set<Integer> nodePorts(ObjectNode svc) {
        Set<Integer> out = new HashSet<>();
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("nodePort").asInt() != 0) {
                out.add(p.path("nodePort").asInt());
            }
        }
        return out;
    }

    private void releaseAll(ObjectNode svc) {
        String ip = Json.text(svc, "spec", "clusterIP");
        if (ip != null && !ip.isEmpty() && !ip.equals("None")) {
            release(IP_PREFIX + ip);
        }
        for (int p : nodePorts(svc)) {
            release(PORT_PREFIX + p);
        }
    }

    private boolean reserve(String key, String owner) {
        try {
            store.create(key, owner.getBytes(StandardCharsets.UTF_8), 0);
            return true;
        } catch (StoreException e) {
            if (e.code() == StoreException.Code.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    private void release(String key) {
        try {
            store.delete(key, 0);
        } catch (StoreException e) {
            if (e.code() != StoreException.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /**
     * Releases allocations whose owning Service is gone or no longer holds them (after a failed
     * create, say). {@code holds} answers whether "namespace/name" currently holds the allocation key.
     */
    public int repair(java.util.function.BiPredicate<String, String> holds) {
        int released = 0;
        for (String prefix : List.of(IP_PREFIX, PORT_PREFIX)) {
            for (KeyValue kv : store.list(prefix, ListOptions.ALL).items()) {
                String owner = new String(kv.value(), StandardCharsets.UTF_8);
                if (!holds.test(owner, kv.key())) {
                    try {
                        store.delete(kv.key(), kv.modRevision());
                        released++;
                    } catch (StoreException e) {
                        // changed meanwhile: leave it for the next pass
                    }
                }
            }
        }
        return released;
    }

    private static ApiException invalid(ObjectNode svc, String field, Object value, String detail) {
        return ApiException.invalid("", "Service", Json.text(svc, "metadata", "name"),
                List.of(FieldError.invalid(field, value instanceof Integer ? value : "[\"" + value + "\"]", detail)));
    }

    static int toInt(String ip) {
        String[] o = ip.split("\\.");
        if (o.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int v = 0;
        for (String s : o) {
            int b = Integer.parseInt(s);
            if (b < 0 || b > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + ip);
            }
            v = (v << 8) | b;
        }
        return v;
    }

    static String toIp(int v) {
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
    }

    /** Whether {@code svc} holds the allocation stored under {@code key}. */
    public static boolean holds(JsonNode svc, String key) {
        if (key.startsWith(IP_PREFIX)) {
            return key.substring(IP_PREFIX.length()).equals(Json.text(svc, "spec", "clusterIP"));
        }
        int port = Integer.parseInt(key.substring(PORT_PREFIX.length()));
        for (JsonNode p : svc.path("spec").path("ports")) {
            if (p.path("nodePort").asInt() == port) {
                return true;
            }
        }
        return false;
    }
}
