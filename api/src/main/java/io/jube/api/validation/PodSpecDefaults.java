package io.jube.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;

/**
 * Kubernetes' defaults of a PodSpec (shared by Pods and every pod template) and of the extra
 * defaults only a Pod object receives.
 */
public final class PodSpecDefaults {
    private static final List<String> CONTAINER_LISTS = List.of("initContainers", "containers", "ephemeralContainers");
    private static final List<String> PROBES = List.of("livenessProbe", "readinessProbe", "startupProbe");
    private static final int DEFAULT_MODE = 0644; // 420, as Kubernetes stores it

    private PodSpecDefaults() {
    }

    /** Defaults of a PodSpec, as applied to Pods and to pod templates alike. */
    public static void apply(ObjectNode spec) {
        Nodes.defaultText(spec, "dnsPolicy", "ClusterFirst");
        Nodes.defaultText(spec, "restartPolicy", "Always");
        Nodes.defaultInt(spec, "terminationGracePeriodSeconds", 30);
        Nodes.defaultText(spec, "schedulerName", "default-scheduler");
        Nodes.defaultObject(spec, "securityContext");
        for (String list : CONTAINER_LISTS) {
            for (ObjectNode c : Nodes.objects(spec, list)) {
                container(c);
            }
        }
        JsonNode vols = spec.get("volumes");
        if (vols instanceof ArrayNode a) {
            for (JsonNode v : a) {
                if (v instanceof ObjectNode o) {
                    volume(o);
                }
            }
        }
    }

    /** The defaults Kubernetes gives a Pod object on top of its spec's (not given to templates). */
    public static void applyPodOnly(ObjectNode spec) {
        Nodes.defaultBool(spec, "enableServiceLinks", true);
        for (String list : List.of("initContainers", "containers")) {
            for (ObjectNode c : Nodes.objects(spec, list)) {
                requestsFromLimits(c);
                if (Nodes.bool(spec, "hostNetwork")) {
                    for (ObjectNode p : Nodes.objects(c, "ports")) {
                        if (!p.hasNonNull("hostPort") && p.hasNonNull("containerPort")) {
                            p.set("hostPort", p.get("containerPort"));
                        }
                    }
                }
            }
        }
    }

    /** A resource with a limit but no request gets the limit as its request. */
    static void requestsFromLimits(ObjectNode c) {
        ObjectNode res = Nodes.obj(c, "resources");
        ObjectNode limits = Nodes.obj(res, "limits");
        if (limits == null || limits.isEmpty()) {
            return;
        }
        ObjectNode requests = Nodes.with(res, "requests");
        for (Iterator<String> it = limits.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!requests.has(k)) {
                requests.set(k, limits.get(k).deepCopy());
            }
        }
    }

    static void container(ObjectNode c) {
        if (Nodes.isEmpty(c, "imagePullPolicy")) {
            c.put("imagePullPolicy", "latest".equals(imageTag(Nodes.strOrEmpty(c, "image"))) ? "Always" : "IfNotPresent");
        }
        Nodes.defaultText(c, "terminationMessagePath", "/dev/termination-log");
        Nodes.defaultText(c, "terminationMessagePolicy", "File");
        Nodes.defaultObject(c, "resources");
        for (ObjectNode p : Nodes.objects(c, "ports")) {
            Nodes.defaultText(p, "protocol", "TCP");
        }
        for (String probe : PROBES) {
            ObjectNode p = Nodes.obj(c, probe);
            if (p != null) {
                Nodes.defaultInt(p, "timeoutSeconds", 1);
                Nodes.defaultInt(p, "periodSeconds", 10);
                Nodes.defaultInt(p, "successThreshold", 1);
                Nodes.defaultInt(p, "failureThreshold", 3);
                httpGet(Nodes.obj(p, "httpGet"));
            }
        }
        ObjectNode lifecycle = Nodes.obj(c, "lifecycle");
        if (lifecycle != null) {
            httpGet(Nodes.obj(lifecycle, "postStart", "httpGet"));
            httpGet(Nodes.obj(lifecycle, "preStop", "httpGet"));
        }
        for (ObjectNode e : Nodes.objects(c, "env")) {
            fieldRef(Nodes.obj(e, "valueFrom", "fieldRef"));
        }
    }

    private static void httpGet(ObjectNode h) {
        if (h != null) {
            Nodes.defaultText(h, "path", "/");
            Nodes.defaultText(h, "scheme", "HTTP");
        }
    }

    private static void fieldRef(ObjectNode f) {
        if (f != null) {
            Nodes.defaultText(f, "apiVersion", "v1");
        }
    }

    /**
     * The tag of an image reference as Kubernetes reads it: "latest" when neither tag nor digest
     * is given, "" when only a digest is.
     */
    public static String imageTag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        String tag = colon > slash ? ref.substring(colon + 1) : "";
        if (tag.isEmpty() && !digest) {
            return "latest";
        }
        return tag;
    }

    static void volume(ObjectNode v) {
        if (PodSpecValidation.volumeSources(v).isEmpty()) {
            v.set("emptyDir", io.jube.api.Json.object());
        }
        for (String src : List.of("configMap", "secret", "downwardAPI", "projected")) {
            ObjectNode s = Nodes.obj(v, src);
            if (s != null) {
                Nodes.defaultInt(s, "defaultMode", DEFAULT_MODE);
            }
        }
        ObjectNode hostPath = Nodes.obj(v, "hostPath");
        if (hostPath != null && !hostPath.has("type")) {
            hostPath.put("type", "");
        }
        for (ObjectNode item : Nodes.objects(Nodes.obj(v, "downwardAPI"), "items")) {
            fieldRef(Nodes.obj(item, "fieldRef"));
        }
        for (ObjectNode source : Nodes.objects(Nodes.obj(v, "projected"), "sources")) {
            ObjectNode token = Nodes.obj(source, "serviceAccountToken");
            if (token != null) {
                Nodes.defaultInt(token, "expirationSeconds", 3600);
            }
            for (ObjectNode item : Nodes.objects(Nodes.obj(source, "downwardAPI"), "items")) {
                fieldRef(Nodes.obj(item, "fieldRef"));
            }
        }
    }
}
