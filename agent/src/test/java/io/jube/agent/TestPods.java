package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.util.Map;

/** Pod helpers for agent tests: create, bind through pods/binding as the scheduler does, read conditions. */
final class TestPods {
    private TestPods() {
    }

    static PodBuilder pod(String name, String restartPolicy, Map<String, String> annotations) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
                .withAnnotations(annotations).endMetadata()
                .withNewSpec().withRestartPolicy(restartPolicy)
                .addNewContainer().withName("app").withImage("nginx").endContainer()
                .endSpec();
    }

    /** Creates the pod already assigned to {@code node} (as a DaemonSet or static placement does). */
    static Pod createOn(KubernetesClient client, Pod pod, String node) {
        pod.getSpec().setNodeName(node);
        return client.pods().inNamespace("default").resource(pod).create();
    }

    /** Creates the pod unscheduled, then binds it through pods/binding as the scheduler does. */
    static Pod createAndBind(KubernetesClient client, Pod pod, String node) throws Exception {
        Pod created = client.pods().inNamespace("default").resource(pod).create();
        bind(client, created.getMetadata().getName(), node);
        return created;
    }

    static void bind(KubernetesClient client, String pod, String node) throws Exception {
        String base = client.getConfiguration().getMasterUrl();
        base = base.endsWith("/") ? base : base + "/";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"" + pod + "\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"" + node + "\"}}";
        HttpRequest req = client.getHttpClient().newHttpRequestBuilder()
                .uri(base + "api/v1/namespaces/default/pods/" + pod + "/binding")
                .method("POST", "application/json", body).build();
        HttpResponse<String> r = client.getHttpClient().sendAsync(req, String.class).get();
        assertThat(r.code()).as("binding response %s", r.body()).isEqualTo(201);
    }

    static Pod get(KubernetesClient client, String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    static PodCondition condition(Pod pod, String type) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    static String phase(Pod pod) {
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }
}
