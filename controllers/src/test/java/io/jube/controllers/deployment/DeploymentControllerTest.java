package io.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.ControllerCluster;
import io.jube.controllers.framework.Pods;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentControllerTest {
    static final Duration WAIT = Duration.ofSeconds(40);
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        // images tagged "stuck" never become ready: a rollout that cannot progress
        env = ControllerCluster.withKubelet(tmp, Set.of("replicaset", "deployment"),
                p -> !p.getSpec().getContainers().get(0).getImage().endsWith(":stuck"));
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    @BeforeEach
    void namespace() {
        ns = env.namespace("deploy");
    }

    static Deployment deployment(String name, int replicas, String image, Consumer<DeploymentBuilder> extra) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().withMatchLabels(Map.of("app", name)).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec();
        extra.accept(b);
        return b.build();
    }

    Deployment get(String name) {
        return client.apps().deployments().inNamespace(ns).withName(name).get();
    }

    List<ReplicaSet> replicaSets() {
        return client.apps().replicaSets().inNamespace(ns).list().getItems();
    }

    List<Pod> activePods(String app) {
        return client.pods().inNamespace(ns).withLabel("app", app).list().getItems().stream().filter(Pods::isActive).toList();
    }

    /** Patches as kubectl does: no resourceVersion, so the controller's concurrent status writes cannot conflict. */
    void patch(String name, PatchType type, String json) {
        client.apps().deployments().inNamespace(ns).withName(name).patch(PatchContext.of(type), json);
    }

    /** kubectl set image. */
    void setImage(String name, String image) {
        patch(name, PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    /** What {@code kubectl rollout status} waits for. */
    void awaitRolledOut(String name) {
        await().atMost(WAIT).untilAsserted(() -> {
            Deployment d = get(name);
            assertThat(d.getStatus()).isNotNull();
            int replicas = d.getSpec().getReplicas();
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(replicas);
            assertThat(d.getStatus().getReplicas()).isEqualTo(replicas);
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(replicas);
        });
    }

    static DeploymentCondition condition(Deployment d, String type) {
        return d.getStatus() == null || d.getStatus().getConditions() == null ? null
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    ReplicaSet rsWithImage(String image) {
        return replicaSets().stream().filter(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage().equals(image)).findFirst().orElseThrow();
    }

    @Test
    void createsReplicaSetNamedByTemplateHashWithRevisionAnnotations() {
        client.apps().deployments().inNamespace(ns).resource(deployment("web", 3, "nginx:1", b -> { })).create();
        awaitRolledOut("web");
        List<ReplicaSet> rss = replicaSets();
        assertThat(rss).hasSize(1);
        ReplicaSet rs = rss.get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(hash).isNotBlank();
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4"); // 3 + ceil(25% of 3)
        assertThat(activePods("web")).hasSize(3).allSatisfy(p ->
                assertThat(p.getMetadata().getLabels()).containsEntry("pod-template-hash", hash));
        Deployment d = get("web");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
        assertThat(condition(d, "Available").getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition(d, "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        assertThat(condition(d, "Progressing").getMessage()).isEqualTo("ReplicaSet \"" + rs.getMetadata().getName()
                + "\" has successfully progressed.");
    }

    @Test
    void rollingUpdateWithMaxUnavailableZeroNeverDropsBelowReplicas() {
        client.apps().deployments().inNamespace(ns).resource(deployment("zero", 3, "nginx:1", b -> b.editSpec()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(0)).withMaxSurge(new IntOrString(1)).endRollingUpdate().endStrategy()
                .endSpec())).create();
        awaitRolledOut("zero");
        // watch every pod change during the rollout and remember the fewest ready pods ever seen
        AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
        SharedIndexInformer<Pod> watcher = client.pods().inNamespace(ns).withLabel("app", "zero").inform();
        Runnable sample = () -> minReady.accumulateAndGet((int) watcher.getStore().list().stream()
                .filter(p -> Pods.isActive(p) && Pods.isReady(p)).count(), Math::min);
        watcher.addEventHandler(new ResourceEventHandler<>() {
            public void onAdd(Pod p) {
                sample.run();
            }

            public void onUpdate(Pod o, Pod p) {
                sample.run();
            }

            public void onDelete(Pod p, boolean u) {
                sample.run();
            }
        });
        try {
            setImage("zero", "nginx:2");
            awaitRolledOut("zero");
            await().atMost(WAIT).until(() -> activePods("zero").stream().allMatch(p ->
                    p.getSpec().getContainers().get(0).getImage().equals("nginx:2")) && activePods("zero").size() == 3);
        } finally {
            watcher.close();
        }
        assertThat(minReady.get()).isEqualTo(3);
        assertThat(rsWithImage("nginx:1").getSpec().getReplicas()).isZero();
        assertThat(rsWithImage("nginx:2").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(get("zero").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
    }

    @Test
    void rollbackReusesTheOldReplicaSetAndBumpsItsRevision() {
        client.apps().deployments().inNamespace(ns).resource(deployment("undo", 2, "nginx:1", b -> { })).create();
        awaitRolledOut("undo");
        setImage("undo", "nginx:2");
        awaitRolledOut("undo");
        ReplicaSet v1 = rsWithImage("nginx:1");
        // kubectl rollout undo: copy the old ReplicaSet's template (minus pod-template-hash) into the Deployment
        var template = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(v1.getSpec().getTemplate()).build();
        Map<String, String> labels = new HashMap<>(template.getMetadata().getLabels());
        labels.remove("pod-template-hash");
        template.getMetadata().setLabels(labels);
        var op = io.jube.api.Json.MAPPER.createArrayNode().addObject();
        op.put("op", "replace").put("path", "/spec/template").set("value", io.jube.api.Json.MAPPER.valueToTree(template));
        patch("undo", PatchType.JSON, "[" + op + "]");
        awaitRolledOut("undo");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(replicaSets()).hasSize(2);
            ReplicaSet reused = rsWithImage("nginx:1");
            assertThat(reused.getMetadata().getUid()).isEqualTo(v1.getMetadata().getUid());
            assertThat(reused.getSpec().getReplicas()).isEqualTo(2);
            assertThat(reused.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                    .containsEntry("deployment.kubernetes.io/revision-history", "1");
            assertThat(rsWithImage("nginx:2").getSpec().getReplicas()).isZero();
            assertThat(get("undo").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        });
    }

    @Test
    void pausedDeploymentScalesButDoesNotRollOutUntilResumed() {
        client.apps().deployments().inNamespace(ns).resource(deployment("pause", 2, "nginx:1", b -> { })).create();
        awaitRolledOut("pause");
        patch("pause", PatchType.STRATEGIC_MERGE, "{\"spec\":{\"paused\":true}}");
        setImage("pause", "nginx:2");
        client.apps().deployments().inNamespace(ns).withName("pause").scale(4);
        await().atMost(WAIT).untilAsserted(() -> {
            Deployment d = get("pause");
            assertThat(condition(d, "Progressing").getReason()).isEqualTo("DeploymentPaused");
            assertThat(condition(d, "Progressing").getStatus()).isEqualTo("Unknown");
            assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
            assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(4);
        });
        assertThat(replicaSets()).hasSize(1); // no rollout while paused
        assertThat(activePods("pause")).hasSize(4).allMatch(p ->
                p.getSpec().getContainers().get(0).getImage().equals("nginx:1"));
        patch("pause", PatchType.STRATEGIC_MERGE, "{\"spec\":{\"paused\":null}}");
        awaitRolledOut("pause");
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rsWithImage("nginx:2").getStatus().getAvailableReplicas()).isEqualTo(4);
            assertThat(condition(get("pause"), "Progressing").getReason()).isEqualTo("NewReplicaSetAvailable");
        });
    }

    @Test
    void recreateStopsAllOldPodsBeforeStartingNewOnes() {
        client.apps().deployments().inNamespace(ns).resource(deployment("recreate", 3, "nginx:1", b -> b.editSpec()
                .withNewStrategy().withType("Recreate").endStrategy().endSpec())).create();
        awaitRolledOut("recreate");
        AtomicBoolean overlap = new AtomicBoolean();
        SharedIndexInformer<Pod> watcher = client.pods().inNamespace(ns).withLabel("app", "recreate").inform();
        Runnable check = () -> {
            Set<String> images = new java.util.HashSet<>();
            watcher.getStore().list().stream().filter(Pods::isActive)
                    .forEach(p -> images.add(p.getSpec().getContainers().get(0).getImage()));
            if (images.size() > 1) {
                overlap.set(true);
            }
        };
        watcher.addEventHandler(new ResourceEventHandler<>() {
            public void onAdd(Pod p) {
                check.run();
            }

            public void onUpdate(Pod o, Pod p) {
                check.run();
            }

            public void onDelete(Pod p, boolean u) {
                check.run();
            }
        });
        try {
            setImage("recreate", "nginx:2");
            awaitRolledOut("recreate");
            await().atMost(WAIT).until(() -> activePods("recreate").size() == 3 && activePods("recreate").stream()
                    .allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:2")));
        } finally {
            watcher.close();
        }
        assertThat(overlap).isFalse();
    }

    @Test
    void revisionHistoryLimitDeletesOldestScaledDownReplicaSets() {
        client.apps().deployments().inNamespace(ns).resource(deployment("history", 1, "nginx:1", b -> b.editSpec()
                .withRevisionHistoryLimit(1).endSpec())).create();
        awaitRolledOut("history");
        setImage("history", "nginx:2");
        awaitRolledOut("history");
        setImage("history", "nginx:3");
        awaitRolledOut("history");
        await().atMost(WAIT).untilAsserted(() -> assertThat(replicaSets())
                .extracting(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .containsExactlyInAnyOrder("nginx:2", "nginx:3"));
        assertThat(rsWithImage("nginx:3").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
    }

    @Test
    void restartRollsOutANewReplicaSet() {
        client.apps().deployments().inNamespace(ns).resource(deployment("restart", 2, "nginx:1", b -> { })).create();
        awaitRolledOut("restart");
        String before = replicaSets().get(0).getMetadata().getName();
        // kubectl rollout restart sets this template annotation
        patch("restart", PatchType.STRATEGIC_MERGE, "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":"
                + "{\"kubectl.kubernetes.io/restartedAt\":\"2024-01-01T00:00:00Z\"}}}}}");
        awaitRolledOut("restart");
        await().atMost(WAIT).untilAsserted(() -> {
            List<ReplicaSet> rss = replicaSets();
            assertThat(rss).hasSize(2);
            ReplicaSet newer = rss.stream().filter(rs -> !rs.getMetadata().getName().equals(before)).findFirst().orElseThrow();
            assertThat(newer.getSpec().getReplicas()).isEqualTo(2);
            assertThat(newer.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
            assertThat(activePods("restart")).hasSize(2).allSatisfy(p -> assertThat(p.getMetadata().getAnnotations())
                    .containsKey("kubectl.kubernetes.io/restartedAt"));
        });
    }

    @Test
    void progressDeadlineExceededWhenNewPodsNeverBecomeReady() {
        client.apps().deployments().inNamespace(ns).resource(deployment("deadline", 2, "nginx:1", b -> b.editSpec()
                .withProgressDeadlineSeconds(2).endSpec())).create();
        awaitRolledOut("deadline");
        setImage("deadline", "nginx:stuck");
        await().atMost(WAIT).untilAsserted(() -> {
            DeploymentCondition c = condition(get("deadline"), "Progressing");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded");
        });
        Deployment d = get("deadline");
        // default maxUnavailable 25% of 2 rounds down to 0, maxSurge rounds up to 1: old pods all stay
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(1);
        assertThat(d.getStatus().getUnavailableReplicas()).isEqualTo(1);
        assertThat(condition(d, "Available").getStatus()).isEqualTo("True");
    }

    @Test
    void scalingMidRolloutIsProportional() {
        client.apps().deployments().inNamespace(ns).resource(deployment("prop", 10, "nginx:1", b -> b.editSpec()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(2)).withMaxSurge(new IntOrString(3)).endRollingUpdate().endStrategy()
                .endSpec())).create();
        awaitRolledOut("prop");
        setImage("prop", "nginx:stuck"); // new pods never ready: the rollout stalls at 8 old + 5 new
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(rsWithImage("nginx:1").getSpec().getReplicas()).isEqualTo(8);
            assertThat(rsWithImage("nginx:stuck").getSpec().getReplicas()).isEqualTo(5);
        });
        client.apps().deployments().inNamespace(ns).withName("prop").scale(20);
        // 10 more (13 -> 23 = 20 + surge 3) spread by size: 8 * 23/13 ~ 14, 5 * 23/13 ~ 9
        await().atMost(WAIT).untilAsserted(() -> {
            int old = rsWithImage("nginx:1").getSpec().getReplicas();
            int fresh = rsWithImage("nginx:stuck").getSpec().getReplicas();
            assertThat(old + fresh).isEqualTo(23);
            assertThat(old).isEqualTo(14);
            assertThat(fresh).isEqualTo(9);
        });
    }
}
