package io.jube.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.jube.api.Json;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** The two pod writes a kubelet makes: status through {@code pods/status}, and the final delete. */
final class PodApi {
    private static final int MAX_CONFLICT_RETRIES = 5;
    private final KubernetesClient client;
    private final HttpClient http;
    private final LeanWrites writes;
    private final String base;

    PodApi(KubernetesClient client) {
        this.client = client;
        this.writes = new LeanWrites(client);
        this.http = client.getHttpClient();
        String url = client.getConfiguration().getMasterUrl();
        this.base = url.endsWith("/") ? url : url + "/";
    }

    /**
     * Replaces the pod's status with {@code compute(pod)}, reading the pod again and recomputing on a
     * write conflict. Returns the pod as written (at its new resourceVersion), the unchanged pod when there was
     * nothing to write, or
     * null when the pod is gone (or was replaced by another with the same name).
     */
    Pod writeStatus(Pod pod, Function<Pod, PodStatus> compute) {
        String uid = pod.getMetadata().getUid();
        for (int attempt = 0; ; attempt++) {
            PodStatus next = compute.apply(pod);
            if (next.equals(pod.getStatus())) {
                return pod;
            }
            Pod copy = new PodBuilder(pod).withStatus(next).build();
            try {
                // the stored pod is this copy at a new resourceVersion; the informer delivers it too
                copy.getMetadata().setResourceVersion(writes.put(LeanWrites.path("api/v1",
                        copy.getMetadata().getNamespace(), "pods", copy.getMetadata().getName(), "status"), copy));
                return copy;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return null;
                }
                if (e.getCode() != 409 || attempt >= MAX_CONFLICT_RETRIES) {
                    throw e;
                }
                pod = client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).get();
                if (pod == null || !uid.equals(pod.getMetadata().getUid())) {
                    return null;
                }
            }
        }
    }

    /**
     * Deletes the pod at once (gracePeriodSeconds 0) on the condition that it is still the pod with
     * this uid. Completes true when the pod is gone or was replaced, false on another failure.
     */
    CompletableFuture<Boolean> deleteNow(Pod pod) {
        ObjectNode opts = Json.MAPPER.createObjectNode();
        opts.put("apiVersion", "v1");
        opts.put("kind", "DeleteOptions");
        opts.put("gracePeriodSeconds", 0);
        opts.putObject("preconditions").put("uid", pod.getMetadata().getUid());
        HttpRequest req = http.newHttpRequestBuilder()
                .uri(base + "api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName())
                .method("DELETE", "application/json", opts.toString())
                .build();
        // 404: already gone; 409: the uid precondition failed, so a newer pod took the name.
        return http.sendAsync(req, String.class)
                .thenApply(r -> r.isSuccessful() || r.code() == 404 || r.code() == 409);
    }
}
