package io.jube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.agent.SimCluster;
import io.jube.controllers.Cluster;
import io.jube.controllers.Harness;
import io.jube.controllers.ttlafterfinished.TtlAfterFinishedController;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Job controller against a real API server, with pods run by a simulated node. */
class JobControllerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static SimCluster nodes;
    static Harness controllers;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        nodes = new SimCluster(cluster.newClient(), SimCluster.Options.defaults(1).withNamePrefix("job-node-")).start();
        controllers = new Harness(cluster.newClient(),
                new JobController(Clock.systemUTC(), Duration.ofMillis(200)), new TtlAfterFinishedController());
    }

    @AfterAll
    static void stop() {
        controllers.close();
        nodes.close();
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("job");
    }

    static JobBuilder job(String name, Map<String, String> podAnnotations) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withNewTemplate().withNewMetadata().withAnnotations(podAnnotations).endMetadata()
                .withNewSpec().withNodeName("job-node-0").withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec();
    }

    Job create(Job j) {
        return client.batch().v1().jobs().inNamespace(ns).resource(j).create();
    }

    Job get(String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    List<Pod> pods() {
        return client.pods().inNamespace(ns).list().getItems();
    }

    static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    static String cond(Job j, String type) {
        if (j == null || j.getStatus() == null || j.getStatus().getConditions() == null) {
            return null;
        }
        return j.getStatus().getConditions().stream().filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
                .map(JobCondition::getReason).findFirst().orElse(null);
    }

    @Test
    void runsCompletionsWithParallelismAndCompletes() {
        Job created = create(job("pi", Map.of()).editSpec().withCompletions(3).withParallelism(2).endSpec().build());
        await().atMost(WAIT).until(() -> cond(get("pi"), "Complete") != null);
        Job done = get("pi");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getFailed()).isNull();
        assertThat(done.getStatus().getActive()).isNull();
        assertThat(done.getStatus().getStartTime()).isNotNull();
        assertThat(done.getStatus().getCompletionTime()).isNotNull();
        assertThat(cond(done, "SuccessCriteriaMet")).isEqualTo("CompletionsReached");
        assertThat(cond(done, "Complete")).isEqualTo("CompletionsReached");
        List<Pod> pods = pods();
        assertThat(pods).hasSize(3);
        for (Pod p : pods) {
            assertThat(p.getMetadata().getName()).matches("pi-[a-z0-9]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry("batch.kubernetes.io/job-name", "pi")
                    .containsEntry("batch.kubernetes.io/controller-uid", created.getMetadata().getUid());
            assertThat(p.getMetadata().getFinalizers()).doesNotContain(JobPods.TRACKING_FINALIZER);
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
        }
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(ns).list().getItems().stream()
                .anyMatch(e -> "Completed".equals(e.getReason()) && "pi".equals(e.getInvolvedObject().getName())));
    }

    @Test
    void failsAfterTheBackoffLimit() {
        create(job("bad", Map.of("jube.io/sim-exit-code", "1")).editSpec().withBackoffLimit(1).endSpec().build());
        await().atMost(WAIT).until(() -> cond(get("bad"), "Failed") != null);
        Job failed = get("bad");
        assertThat(cond(failed, "Failed")).isEqualTo("BackoffLimitExceeded");
        assertThat(cond(failed, "FailureTarget")).isEqualTo("BackoffLimitExceeded");
        assertThat(failed.getStatus().getFailed()).isEqualTo(2);
        assertThat(failed.getStatus().getSucceeded()).isNull();
        assertThat(failed.getStatus().getCompletionTime()).isNull();
        assertThat(pods()).hasSize(2).allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Failed"));
    }

    @Test
    void failsPastTheActiveDeadlineAndStopsItsPods() {
        create(job("slow", Map.of("jube.io/sim-run-seconds", "600")).editSpec().withParallelism(2).withCompletions(2)
                .withActiveDeadlineSeconds(2L).endSpec().build());
        await().atMost(WAIT).until(() -> get("slow").getStatus().getActive() != null && get("slow").getStatus().getActive() == 2);
        await().atMost(WAIT).until(() -> cond(get("slow"), "Failed") != null);
        Job failed = get("slow");
        assertThat(cond(failed, "Failed")).isEqualTo("DeadlineExceeded");
        assertThat(failed.getStatus().getActive()).isNull();
        assertThat(failed.getStatus().getUncountedTerminatedPods().getFailed()).isEmpty();
        // the stopped pods are counted by how they ended (the sim runtime reports a stopped container as exit 0)
        assertThat(nz(failed.getStatus().getFailed()) + nz(failed.getStatus().getSucceeded())).isEqualTo(2);
        await().atMost(WAIT).until(() -> pods().isEmpty());
    }

    @Test
    void indexedJobsGiveEachPodItsIndex() {
        create(job("idx", Map.of()).editSpec().withCompletionMode("Indexed").withCompletions(3).withParallelism(3)
                .endSpec().build());
        await().atMost(WAIT).until(() -> cond(get("idx"), "Complete") != null);
        Job done = get("idx");
        assertThat(done.getStatus().getCompletedIndexes()).isEqualTo("0-2");
        assertThat(done.getStatus().getSucceeded()).isEqualTo(3);
        List<Pod> pods = pods();
        Set<String> indexes = pods.stream().map(p -> p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX))
                .collect(Collectors.toSet());
        assertThat(indexes).containsExactlyInAnyOrder("0", "1", "2");
        for (Pod p : pods) {
            String i = p.getMetadata().getAnnotations().get(JobPods.COMPLETION_INDEX);
            assertThat(p.getMetadata().getLabels()).containsEntry(JobPods.COMPLETION_INDEX, i);
            assertThat(p.getSpec().getHostname()).isEqualTo("idx-" + i);
            assertThat(p.getSpec().getContainers().get(0).getEnv()).anySatisfy(e -> {
                assertThat(e.getName()).isEqualTo("JOB_COMPLETION_INDEX");
                assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-completion-index']");
            });
        }
    }

    @Test
    void suspendedJobsRunNoPodsUntilResumed() {
        create(job("later", Map.of()).editSpec().withSuspend(true).endSpec().build());
        await().atMost(WAIT).until(() -> cond(get("later"), "Suspended") != null);
        assertThat(cond(get("later"), "Suspended")).isEqualTo("JobSuspended");
        assertThat(pods()).isEmpty();
        assertThat(get("later").getStatus().getStartTime()).isNull();
        client.batch().v1().jobs().inNamespace(ns).withName("later").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");
        await().atMost(WAIT).until(() -> cond(get("later"), "Complete") != null);
        Job done = get("later");
        assertThat(cond(done, "Suspended")).isNull();
        assertThat(done.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Suspended");
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo("JobResumed");
        });
        assertThat(done.getStatus().getSucceeded()).isEqualTo(1);
    }

    @Test
    void suspendingARunningJobDeletesItsPods() {
        create(job("pause", Map.of("jube.io/sim-run-seconds", "600")).build());
        await().atMost(WAIT).until(() -> pods().size() == 1 && "Running".equals(pods().get(0).getStatus().getPhase()));
        client.batch().v1().jobs().inNamespace(ns).withName("pause").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":true}}");
        await().atMost(WAIT).until(() -> pods().isEmpty());
        await().atMost(WAIT).until(() -> cond(get("pause"), "Suspended") != null
                && get("pause").getStatus().getActive() == null);
    }

    @Test
    void finishedJobsAreDeletedAfterTheirTtl() {
        create(job("gone", Map.of()).editSpec().withTtlSecondsAfterFinished(1).endSpec().build());
        await().atMost(WAIT).until(() -> get("gone") == null);
    }

    @Test
    void podCreatesRefusedInATerminatingNamespaceAreNotRetriedAsFailures() {
        create(job("doomed", Map.of()).editSpec().withSuspend(true).endSpec().build());
        await().atMost(WAIT).until(() -> "JobSuspended".equals(cond(get("doomed"), "Suspended")));
        // no namespace controller runs here: the namespace stays Terminating and refuses every create
        client.namespaces().withName(ns).delete();
        await().atMost(WAIT).until(() -> client.namespaces().withName(ns).get().getMetadata().getDeletionTimestamp() != null);

        client.batch().v1().jobs().inNamespace(ns).withName("doomed").patch(
                PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");
        // as in Kubernetes the refused creates are not an error: the pass completes and records the resume
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(get("doomed").getStatus().getConditions()).anySatisfy(c -> {
                    assertThat(c.getType()).isEqualTo("Suspended");
                    assertThat(c.getStatus()).isEqualTo("False");
                }));
        assertThat(pods()).isEmpty();
        assertThat(get("doomed").getStatus().getFailed()).isNull();
    }
}
