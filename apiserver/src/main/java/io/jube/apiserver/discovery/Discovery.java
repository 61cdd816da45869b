package io.jube.apiserver.discovery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import java.util.List;
import java.util.Map;

/**
 * API discovery documents built from the catalogue: the legacy APIVersions / APIGroupList /
 * APIGroup / APIResourceList and the aggregated apidiscovery.k8s.io/v2 lists kubectl prefers.
 */
public final class Discovery {
    public static final String AGGREGATED_V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private final Catalogue catalogue;

    public Discovery(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /** A subresource's discovery facts: the kind it returns and its verbs. */
    record Sub(String group, String version, String kind, List<String> verbs) {
    }

    static Sub sub(ResourceDef def, String name) {
        List<String> guPU = List.of("get", "patch", "update");
        return switch (name) {
            case "status", "ephemeralcontainers" -> new Sub(null, null, def.kind(), guPU);
            case "scale" -> new Sub("autoscaling", "v1", "Scale", guPU);
            case "binding" -> new Sub(null, null, "Binding", List.of("create"));
            case "eviction" -> new Sub("policy", "v1", "Eviction", List.of("create"));
            case "log" -> new Sub(null, null, "Pod", List.of("get"));
            case "exec" -> new Sub(null, null, "PodExecOptions", List.of("create", "get"));
            case "attach" -> new Sub(null, null, "PodAttachOptions", List.of("create", "get"));
            case "portforward" -> new Sub(null, null, "PodPortForwardOptions", List.of("create", "get"));
            case "proxy" -> new Sub(null, null, def.kind() + "ProxyOptions",
                    List.of("create", "delete", "get", "patch", "update"));
            case "finalize" -> new Sub(null, null, def.kind(), List.of("update"));
            case "token" -> new Sub("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            default -> new Sub(null, null, def.kind(), List.of("get"));
        };
    }

    public ObjectNode apiVersions(String serverAddress) {
        ObjectNode o = Json.object();
        o.put("kind", "APIVersions");
        o.putArray("versions").add("v1");
        o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", serverAddress);
        return o;
    }

    public ObjectNode groupList() {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = o.putArray("groups");
        for (Map.Entry<String, List<String>> e : catalogue.groupVersions().entrySet()) {
            if (!e.getKey().isEmpty()) {
                groups.add(groupBody(e.getKey(), e.getValue()));
            }
        }
        return o;
    }

    /** The APIGroup document, or null for an unknown group. */
    public ObjectNode group(String name) {
        List<String> versions = catalogue.groupVersions().get(name);
        if (versions == null || name.isEmpty()) {
            return null;
        }
        ObjectNode g = groupBody(name, versions);
        g.put("kind", "APIGroup").put("apiVersion", "v1");
        return g;
    }

    private static ObjectNode groupBody(String name, List<String> versions) {
        ObjectNode g = Json.object();
        g.put("name", name);
        ArrayNode vs = g.putArray("versions");
        for (String v : versions) {
            vs.addObject().put("groupVersion", name + "/" + v).put("version", v);
        }
        g.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0)).put("version", versions.get(0));
        return g;
    }

    /** The APIResourceList of a group version, or null when it is not served. */
    public ObjectNode resourceList(String group, String version) {
        List<ResourceDef> defs = catalogue.inGroupVersion(group, version);
        if (defs.isEmpty()) {
            return null;
        }
        ObjectNode o = Json.object();
        o.put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode rs = o.putArray("resources");
        for (ResourceDef d : sorted(defs)) {
            ObjectNode r = rs.addObject();
            r.put("name", d.plural()).put("singularName", d.singular()).put("namespaced", d.namespaced())
                    .put("kind", d.kind());
            strings(r.putArray("verbs"), d.verbs());
            if (!d.shortNames().isEmpty()) {
                strings(r.putArray("shortNames"), d.shortNames());
            }
            if (!d.categories().isEmpty()) {
                strings(r.putArray("categories"), d.categories());
            }
            r.put("storageVersionHash", hash(d.storageKey() + "/" + d.storageVersion()));
            for (String s : d.subresources().stream().sorted().toList()) {
                Sub sub = sub(d, s);
                ObjectNode sr = rs.addObject();
                sr.put("name", d.plural() + "/" + s).put("singularName", "").put("namespaced", d.namespaced());
                if (sub.group() != null) {
                    sr.put("group", sub.group()).put("version", sub.version());
                }
                sr.put("kind", sub.kind());
                strings(sr.putArray("verbs"), sub.verbs());
            }
        }
        return o;
    }

    /** apidiscovery.k8s.io/v2 APIGroupDiscoveryList for /api (core) or /apis (all named groups). */
    public ObjectNode aggregated(boolean core) {
        ObjectNode o = Json.object();
        o.put("kind", "APIGroupDiscoveryList").put("apiVersion", "apidiscovery.k8s.io/v2");
        o.putObject("metadata");
        ArrayNode items = o.putArray("items");
        for (Map.Entry<String, List<String>> e : catalogue.groupVersions().entrySet()) {
            String group = e.getKey();
            if (group.isEmpty() != core) {
                continue;
            }
            ObjectNode item = items.addObject();
            ObjectNode meta = item.putObject("metadata");
            if (!group.isEmpty()) {
                meta.put("name", group);
            }
            ArrayNode versions = item.putArray("versions");
            for (String v : e.getValue()) {
                ObjectNode ver = versions.addObject();
                ver.put("version", v);
                ArrayNode resources = ver.putArray("resources");
                for (ResourceDef d : sorted(catalogue.inGroupVersion(group, v))) {
                    ObjectNode r = resources.addObject();
                    r.put("resource", d.plural());
                    r.putObject("responseKind").put("group", group).put("version", v).put("kind", d.kind());
                    r.put("scope", d.namespaced() ? "Namespaced" : "Cluster");
                    r.put("singularResource", d.singular());
                    strings(r.putArray("verbs"), d.verbs());
                    if (!d.shortNames().isEmpty()) {
                        strings(r.putArray("shortNames"), d.shortNames());
                    }
                    if (!d.categories().isEmpty()) {
                        strings(r.putArray("categories"), d.categories());
                    }
                    if (!d.subresources().isEmpty()) {
                        ArrayNode subs = r.putArray("subresources");
                        for (String s : d.subresources().stream().sorted().toList()) {
                            Sub sub = sub(d, s);
                            ObjectNode so = subs.addObject();
                            so.put("subresource", s);
                            so.putObject("responseKind").put("group", sub.group() == null ? group : sub.group())
                                    .put("version", sub.version() == null ? v : sub.version()).put("kind", sub.kind());
                            strings(so.putArray("verbs"), sub.verbs());
                        }
                    }
                }
                ver.put("freshness", "Current");
            }
        }
        return o;
    }

    private static List<ResourceDef> sorted(List<ResourceDef> defs) {
        return defs.stream().sorted((a, b) -> a.plural().compareTo(b.plural())).toList();
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    private static String hash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(d, 8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
