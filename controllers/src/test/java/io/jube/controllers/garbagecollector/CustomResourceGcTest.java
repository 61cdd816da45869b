package io.jube.controllers.garbagecollector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jube.controllers.Cluster;
import io.jube.controllers.Harness;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Owners and dependents of kinds without an informer (custom resources), handled by the periodic sweep. */
class CustomResourceGcTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final ResourceDefinitionContext GADGETS = new ResourceDefinitionContext.Builder().withGroup("example.com")
            .withVersion("v1").withPlural("gadgets").withKind("Gadget").withNamespaced(true).build();
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static Harness gc;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        client.apiextensions().v1().customResourceDefinitions().resource(new CustomResourceDefinitionBuilder()
                .withNewMetadata().withName("gadgets.example.com").endMetadata()
                .withNewSpec().withGroup("example.com").withScope("Namespaced")
                .withNewNames().withPlural("gadgets").withSingular("gadget").withKind("Gadget").endNames()
                .addNewVersion().withName("v1").withServed(true).withStorage(true)
                .withNewSchema().withNewOpenAPIV3Schema().withType("object").withXKubernetesPreserveUnknownFields(true)
                .endOpenAPIV3Schema().endSchema().endVersion().endSpec().build()).create();
        gc = new Harness(cluster.newClient(), new GarbageCollector(Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        gc.close();
        cluster.close();
    }

    static GenericKubernetesResource gadget(String ns, String name) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> client.genericKubernetesResources(GADGETS).inNamespace(ns)
                .resource(new GenericKubernetesResourceBuilder().withApiVersion("example.com/v1").withKind("Gadget")
                        .withNewMetadata().withName(name).endMetadata().build()).create(), g -> g != null);
    }

    static io.fabric8.kubernetes.api.model.OwnerReference ref(GenericKubernetesResource g) {
        return new OwnerReferenceBuilder().withApiVersion("example.com/v1").withKind("Gadget").withName(g.getMetadata().getName())
                .withUid(g.getMetadata().getUid()).withBlockOwnerDeletion(true).build();
    }

    @Test
    void configMapOwnedByACustomResourceGoesWithIt() {
        String ns = cluster.namespace("crgc");
        GenericKubernetesResource g = gadget(ns, "g1");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("cfg")
                .withOwnerReferences(ref(g)).endMetadata().build()).create();
        client.genericKubernetesResources(GADGETS).inNamespace(ns).withName("g1").delete();
        await().atMost(WAIT).until(() -> client.configMaps().inNamespace(ns).withName("cfg").get() == null);
    }

    @Test
    void customResourceOwnedByAConfigMapIsCollectedAndForegroundWorksForCustomOwners() {
        String ns = cluster.namespace("crgc");
        var owner = client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("owner")
                .endMetadata().build()).create();
        gadget(ns, "child");
        client.genericKubernetesResources(GADGETS).inNamespace(ns).withName("child").edit(x -> {
            x.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder().withApiVersion("v1")
                    .withKind("ConfigMap").withName("owner").withUid(owner.getMetadata().getUid()).build()));
            return x;
        });
        client.configMaps().inNamespace(ns).withName("owner").delete();
        await().atMost(WAIT).until(() -> client.genericKubernetesResources(GADGETS).inNamespace(ns).withName("child").get() == null);

        GenericKubernetesResource parent = gadget(ns, "parent");
        client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder().withNewMetadata().withName("blocker")
                .withOwnerReferences(ref(parent)).endMetadata().build()).create();
        client.genericKubernetesResources(GADGETS).inNamespace(ns).withName("parent")
                .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
        await().atMost(WAIT).until(() -> client.genericKubernetesResources(GADGETS).inNamespace(ns).withName("parent").get() == null);
        assertThat(client.configMaps().inNamespace(ns).withName("blocker").get()).isNull();
    }
}
