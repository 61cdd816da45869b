package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUTs that read only the new resourceVersion from the reply, and fail as fabric8's own calls do. */
class LeanWritesTest {
    @Test
    void readsMetadataResourceVersionOnly() {
        assertThat(LeanWrites.resourceVersion("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\","
                + "\"annotations\":{\"resourceVersion\":\"fake\"},\"resourceVersion\":\"42\"},\"spec\":{}}")).isEqualTo("42");
        assertThat(LeanWrites.resourceVersion("{\"spec\":{\"metadata\":{\"resourceVersion\":\"nested\"}},"
                + "\"metadata\":{\"resourceVersion\":\"7\"}}")).isEqualTo("7");
        assertThat(LeanWrites.resourceVersion("{\"metadata\":{\"name\":\"p\"},\"resourceVersion\":\"top\"}")).isNull();
        assertThat(LeanWrites.resourceVersion("{\"metadata\":{\"resourceVersion\":42}}")).isNull();
        assertThat(LeanWrites.resourceVersion("not json")).isNull();
        assertThat(LeanWrites.resourceVersion("[]")).isNull();
    }

    @Test
    void buildsKubernetesPaths() {
        assertThat(LeanWrites.path("api/v1", "default", "pods", "web-0", "status"))
                .isEqualTo("api/v1/namespaces/default/pods/web-0/status");
        assertThat(LeanWrites.path("api/v1", null, "nodes", "n1", null)).isEqualTo("api/v1/nodes/n1");
    }

    @Test
    void putReturnsTheStoredVersionAndFailsWithTheServersCode(@TempDir Path tmp) throws Exception {
        try (ApiServerFixture api = new ApiServerFixture(tmp)) {
            var cms = api.client.configMaps().inNamespace("default");
            ConfigMap cm = cms.resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                    .addToData("a", "1").build()).create();
            LeanWrites writes = new LeanWrites(api.client);
            String path = LeanWrites.path("api/v1", "default", "configmaps", "c", null);
            String created = cm.getMetadata().getResourceVersion();
            cm.getData().put("a", "2");
            String rv = writes.put(path, cm);
            ConfigMap stored = cms.withName("c").get();
            assertThat(rv).isEqualTo(stored.getMetadata().getResourceVersion()).isNotEqualTo(created);
            assertThat(stored.getData()).containsEntry("a", "2");

            cm.getMetadata().setResourceVersion(created); // stale
            assertThatThrownBy(() -> writes.put(path, cm)).isInstanceOfSatisfying(KubernetesClientException.class,
                    e -> assertThat(e.getCode()).isEqualTo(409));
            ConfigMap missing = new ConfigMapBuilder().withNewMetadata().withName("missing").withNamespace("default")
                    .withResourceVersion(created).endMetadata().build();
            assertThatThrownBy(() -> writes.put(LeanWrites.path("api/v1", "default", "configmaps", "missing", null), missing))
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                        assertThat(e.getCode()).isEqualTo(404);
                        assertThat(e.getStatus().getReason()).isEqualTo("NotFound");
                    });
        }
    }
}
