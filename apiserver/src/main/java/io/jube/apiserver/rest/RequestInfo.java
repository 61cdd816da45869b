package io.jube.apiserver.rest;

import java.util.List;

/**
 * A parsed resource URL: {@code /api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]} or
 * the same under {@code /apis/{group}/{version}}. Null when the path is not a resource path.
 */
public record RequestInfo(String group, String version, String namespace, String resource, String name,
                          String subresource) {

    public static RequestInfo parse(String path) {
        List<String> p = segments(path);
        int i;
        String group;
        if (p.size() >= 3 && p.get(0).equals("api")) {
            group = "";
            i = 1;
        } else if (p.size() >= 4 && p.get(0).equals("apis")) {
            group = p.get(1);
            i = 2;
        } else {
            return null;
        }
        String version = p.get(i++);
        List<String> rest = p.subList(i, p.size());
        String ns = null;
        // namespaces/{ns}/{resource}... addresses namespaced resources; namespaces/{name}[/status|finalize] the namespace
        if (rest.size() >= 3 && rest.get(0).equals("namespaces")
                && !(rest.size() == 3 && (rest.get(2).equals("status") || rest.get(2).equals("finalize")))) {
            ns = rest.get(1);
            rest = rest.subList(2, rest.size());
        }
        if (rest.isEmpty() || rest.size() > 3) {
            return null;
        }
        return new RequestInfo(group, version, ns, rest.get(0), rest.size() > 1 ? rest.get(1) : null,
                rest.size() > 2 ? rest.get(2) : null);
    }

    static List<String> segments(String path) {
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
