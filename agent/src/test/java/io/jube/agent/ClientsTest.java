package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Components' clients skip managedFields, and the server keeps them across the updates those clients send. */
class ClientsTest {
    private static final String MANAGED = "\"managedFields\":[{\"manager\":\"kubectl\",\"operation\":\"Update\","
            + "\"apiVersion\":\"v1\",\"fieldsType\":\"FieldsV1\",\"fieldsV1\":{\"f:data\":{\"f:a\":{}}}}]";

    @Test
    void managedFieldsAreSkippedAndEverythingElseIsRead() {
        var ours = Clients.serialization();
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"," + MANAGED
                + ",\"labels\":{\"app\":\"x\"}},\"data\":{\"a\":\"1\"}}";
        for (ConfigMap got : new ConfigMap[] {ours.unmarshal(cm, ConfigMap.class),
                (ConfigMap) ours.unmarshal("{\"type\":\"ADDED\",\"object\":" + cm + "}", WatchEvent.class).getObject()}) {
            assertThat(got.getMetadata().getManagedFields()).isEmpty();
            assertThat(got.getMetadata().getLabels()).containsEntry("app", "x");
            assertThat(got.getData()).containsEntry("a", "1");
        }
        ConfigMap withEntry = new ConfigMapBuilder().withNewMetadata().withName("c")
                .addNewManagedField().withManager("m").endManagedField().endMetadata().build();
        assertThat(ours.asJson(withEntry)).doesNotContain("managedFields").contains("\"name\":\"c\"");
    }

    @Test
    void anUpdateFromAComponentKeepsTheStoredManagedFields(@TempDir Path tmp) throws Exception {
        try (ApiServerFixture api = new ApiServerFixture(tmp)) {
            Config config = Config.fromKubeconfig(Files.readString(api.kubeconfig()));
            config.setClientKeyAlgo("EC");
            try (KubernetesClient stock = new KubernetesClientBuilder().withConfig(config).build()) {
                var cms = api.client.configMaps().inNamespace("default");
                cms.resource(new ConfigMapBuilder().withNewMetadata().withName("kept").endMetadata()
                        .addToData("a", "1").build()).create();
                ConfigMap read = cms.withName("kept").get();
                assertThat(read.getMetadata().getManagedFields()).isEmpty();
                read.getData().put("b", "2");
                cms.resource(read).update();

                ConfigMap stored = stock.configMaps().inNamespace("default").withName("kept").get();
                assertThat(stored.getData()).containsEntry("a", "1").containsEntry("b", "2");
                Map<String, String> fieldsByManager = stored.getMetadata().getManagedFields().stream()
                        .collect(Collectors.toMap(ManagedFieldsEntry::getManager, m -> m.getFieldsV1().toString()));
                assertThat(fieldsByManager).hasSize(1);
                assertThat(fieldsByManager.values().iterator().next()).contains("f:a").contains("f:b");
            }
        }
    }
}
