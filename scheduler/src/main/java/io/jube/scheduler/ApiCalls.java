package io.jube.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.jube.api.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The scheduler's few writes, sent asynchronously over the fabric8 client's configured HTTP client (auth and TLS
 * included) so binding never blocks the scheduling loop: pods/binding, pods/status patches, pod deletion,
 * claim annotations and events.
 */
final class ApiCalls {
    private static final String MERGE = "application/merge-patch+json";
    private static final String STRATEGIC = "application/strategic-merge-patch+json";

    private final HttpClient http;
    private final String base;

    ApiCalls(KubernetesClient client) {
        this.http = client.getHttpClient();
        String url = client.getMasterUrl().toString();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    /** A failed call: HTTP status and the Status message from the server. */
    static final class ApiException extends RuntimeException {
        final int code;

        ApiException(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private String pod(String ns, String name) {
        return base + "api/v1/namespaces/" + seg(ns) + "/pods/" + seg(name);
    }

    CompletableFuture<String> bind(String ns, String name, String uid, String node) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("apiVersion", "v1").put("kind", "Binding");
        ObjectNode meta = b.putObject("metadata").put("name", name).put("namespace", ns);
        if (uid != null) {
            meta.put("uid", uid);
        }
        b.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        return send(http.newHttpRequestBuilder().uri(pod(ns, name) + "/binding").post("application/json", b.toString()));
    }

    CompletableFuture<String> patchPodStatus(String ns, String name, ObjectNode patch) {
        return send(http.newHttpRequestBuilder().uri(pod(ns, name) + "/status").method("PATCH", STRATEGIC, patch.toString()));
    }

    CompletableFuture<String> deletePod(String ns, String name, String uid) {
        ObjectNode opts = Json.MAPPER.createObjectNode().put("apiVersion", "v1").put("kind", "DeleteOptions");
        if (uid != null) {
            opts.putObject("preconditions").put("uid", uid);
        }
        return send(http.newHttpRequestBuilder().uri(pod(ns, name)).delete("application/json", opts.toString()));
    }

    CompletableFuture<String> annotateClaim(String ns, String name, String key, String value) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").putObject("annotations").put(key, value);
        return send(http.newHttpRequestBuilder()
                .uri(base + "api/v1/namespaces/" + seg(ns) + "/persistentvolumeclaims/" + seg(name))
                .method("PATCH", MERGE, patch.toString()));
    }

    CompletableFuture<String> createEvent(String ns, ObjectNode event) {
        return send(http.newHttpRequestBuilder().uri(base + "api/v1/namespaces/" + seg(ns) + "/events")
                .post("application/json", event.toString()));
    }

    CompletableFuture<String> patchEvent(String ns, String name, ObjectNode patch) {
        return send(http.newHttpRequestBuilder().uri(base + "api/v1/namespaces/" + seg(ns) + "/events/" + seg(name))
                .method("PATCH", MERGE, patch.toString()));
    }

    private CompletableFuture<String> send(HttpRequest.Builder req) {
        return http.sendAsync(req.build(), String.class).thenApply(ApiCalls::check);
    }

    private static String check(HttpResponse<String> r) {
        if (r.isSuccessful()) {
            return r.body();
        }
        String msg = r.body();
        try {
            msg = Json.MAPPER.readTree(r.body()).path("message").asText(r.body());
        } catch (Exception ignored) {
            // not a Status body; keep the raw text
        }
        throw new ApiException(r.code(), msg);
    }
}
