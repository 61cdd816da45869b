package io.jube.controllers.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jube.controllers.ControllerCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamespaceControllerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        env = ControllerCluster.start(tmp, Set.of("namespace", "deployment", "replicaset", "garbagecollector"));
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @Test
    void deletingANamespaceDeletesItsContentThenTheNamespace() {
        String ns = env.namespace("doomed");
        Map<String, String> labels = Map.of("app", "web");
        client.apps().deployments().inNamespace(ns).resource(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx:1").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cfg").endMetadata()
                .addToData("k", "v").build()).create();
        client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("solo").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build()).create();
        await().atMost(WAIT).until(() -> client.pods().inNamespace(ns).list().getItems().size() == 3);

        client.namespaces().withName(ns).delete();
        await().atMost(WAIT).until(() -> client.namespaces().withName(ns).get() == null);
        assertThat(client.pods().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.apps().replicaSets().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.apps().deployments().inNamespace(ns).list().getItems()).isEmpty();
        assertThat(client.configMaps().inNamespace(ns).list().getItems()).isEmpty();
    }

    @Test
    void namespaceWaitsForObjectsWithFinalizersAndIncludesCustomResources() {
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("widgets.example.com").endMetadata()
                .withNewSpec().withGroup("example.com").withScope("Namespaced")
                .withNewNames().withPlural("widgets").withSingular("widget").withKind("Widget").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        var widgets = new ResourceDefinitionContext.Builder().withGroup("example.com").withVersion("v1")
                .withPlural("widgets").withKind("Widget").withNamespaced(true).build();
        String ns = env.namespace("crs");
        await().atMost(WAIT).ignoreExceptions().until(() -> client.genericKubernetesResources(widgets).inNamespace(ns)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Widget")
                        .withNewMetadata().withName("w1").endMetadata().build()).create() != null);
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().build()).create();

        client.namespaces().withName(ns).delete();
        await().atMost(WAIT).until(() -> client.genericKubernetesResources(widgets).inNamespace(ns).list().getItems().isEmpty()
                && client.configMaps().inNamespace(ns).withName("held").get().getMetadata().getDeletionTimestamp() != null);
        var terminating = client.namespaces().withName(ns).get();
        assertThat(terminating).isNotNull(); // the held object keeps the namespace
        assertThat(terminating.getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(terminating.getSpec().getFinalizers()).containsExactly("kubernetes");
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.namespaces().withName(ns).get().getStatus().getConditions())
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("NamespaceFinalizersRemaining");
                    assertThat(c.getStatus()).isEqualTo("True");
                    assertThat(c.getReason()).isEqualTo("SomeFinalizersRemain");
                    assertThat(c.getMessage()).isEqualTo("Some content in the namespace has finalizers remaining: "
                            + "example.com/hold in 1 resource instances");
                })
                .anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("NamespaceContentRemaining");
                    assertThat(c.getMessage()).isEqualTo("Some resources are remaining: configmaps has 1 resource instances");
                }));

        client.configMaps().inNamespace(ns).withName("held").edit(cm -> new ConfigMapBuilder(cm).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        await().atMost(WAIT).until(() -> client.namespaces().withName(ns).get() == null);
    }
}
