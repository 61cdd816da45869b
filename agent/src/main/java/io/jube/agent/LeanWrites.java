package io.jube.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The node agent's frequent PUTs (pod status, node Lease renewals, node status) without decoding the reply into
 * an object: the agent needs only the new resourceVersion, and its informers deliver the stored object anyway.
 * Decoding every reply was a fifth of what {@code jube sim} spent. Failures are fabric8's
 * {@link KubernetesClientException} with the server's code and Status, as the client's own calls throw.
 */
final class LeanWrites {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long DEFAULT_TIMEOUT_MS = 30_000;

    private final HttpClient http;
    private final KubernetesSerialization serialization;
    private final String base;
    private final long timeoutMs;

    LeanWrites(KubernetesClient client) {
        this.http = client.getHttpClient();
        this.serialization = client.getKubernetesSerialization();
        String url = client.getConfiguration().getMasterUrl();
        this.base = url.endsWith("/") ? url : url + "/";
        int t = client.getConfiguration().getRequestTimeout();
        this.timeoutMs = t > 0 ? t : DEFAULT_TIMEOUT_MS;
    }

    /** {@code api/v1/namespaces/<ns>/<resource>/<name>[/<sub>]}, or the cluster-scoped form when ns is null. */
    static String path(String groupVersionPath, String ns, String resource, String name, String sub) {
        StringBuilder b = new StringBuilder(groupVersionPath).append('/');
        if (ns != null) {
            b.append("namespaces/").append(seg(ns)).append('/');
        }
        b.append(resource).append('/').append(seg(name));
        return sub == null ? b.toString() : b.append('/').append(sub).toString();
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** PUTs {@code obj} to {@code path} (relative to the server URL); returns the stored resourceVersion. */
    String put(String path, HasMetadata obj) {
        var req = http.newHttpRequestBuilder().uri(base + path).put("application/json", serialization.asJson(obj)).build();
        HttpResponse<String> r;
        try {
            r = http.sendAsync(req, String.class).get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted during PUT " + path, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException("PUT " + path + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new KubernetesClientException("PUT " + path + " timed out after " + timeoutMs + " ms", e);
        }
        if (!r.isSuccessful()) {
            throw failure(r);
        }
        String rv = resourceVersion(r.body());
        if (rv == null) {
            throw new KubernetesClientException("PUT " + path + ": the reply has no metadata.resourceVersion");
        }
        return rv;
    }

    private KubernetesClientException failure(HttpResponse<String> r) {
        Status status = null;
        try {
            status = serialization.unmarshal(r.body(), Status.class);
        } catch (RuntimeException e) {
            // not a Status: report the code and the raw text
        }
        if (status == null || status.getCode() == null) {
            return new KubernetesClientException("HTTP " + r.code() + ": " + r.body(), r.code(), status);
        }
        return new KubernetesClientException(status);
    }

    /**
     * {@code metadata.resourceVersion} of a JSON object, read by streaming: other fields are skipped, and reading
     * stops once it is found (API servers write metadata near the front). Null when absent or not JSON.
     */
    static String resourceVersion(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (!"metadata".equals(field) || value != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    if ("resourceVersion".equals(name) && v == JsonToken.VALUE_STRING) {
                        return p.getText();
                    }
                    p.skipChildren();
                }
                return null;
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
