package io.jube.controllers.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.agent.SimCluster;
import io.jube.controllers.Cluster;
import io.jube.controllers.Harness;
import io.jube.controllers.job.JobController;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CronJob controller on a test clock: each test moves the clock past a scheduled minute and enqueues the
 * CronJob (what the controller's own requeue would do at that time), so no test waits for wall-clock minutes.
 */
class CronJobControllerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static SimCluster nodes;
    static Harness controllers;
    static final TestClock clock = new TestClock(Instant.now());
    String ns;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        nodes = new SimCluster(cluster.newClient(), SimCluster.Options.defaults(1).withNamePrefix("cron-node-")).start();
        controllers = new Harness(cluster.newClient(), new CronJobController(clock),
                new JobController(Clock.systemUTC(), Duration.ofMillis(200)));
    }

    @AfterAll
    static void stop() {
        controllers.close();
        nodes.close();
        cluster.close();
    }

    @BeforeEach
    void setUp() {
        ns = cluster.namespace("cron");
        // not ahead of the API server's clock: a new CronJob must not look as if it had missed schedules
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    static CronJobBuilder cron(String name, String schedule, Map<String, String> podAnnotations) {
        return new CronJobBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withSchedule(schedule)
                .withNewJobTemplate().withNewMetadata().withLabels(Map.of("from", name)).endMetadata()
                .withNewSpec().withNewTemplate().withNewMetadata().withAnnotations(podAnnotations).endMetadata()
                .withNewSpec().withNodeName("cron-node-0").withRestartPolicy("Never")
                .addNewContainer().withName("c").withImage("busybox:1").endContainer().endSpec()
                .endTemplate().endSpec().endJobTemplate().endSpec();
    }

    CronJob create(CronJob cj) {
        return client.batch().v1().cronjobs().inNamespace(ns).resource(cj).create();
    }

    CronJob get(String name) {
        return client.batch().v1().cronjobs().inNamespace(ns).withName(name).get();
    }

    List<Job> jobs() {
        return client.batch().v1().jobs().inNamespace(ns).list().getItems();
    }

    Job job(String name) {
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    /** The k-th scheduled minute of a "* * * * *" CronJob after its creation. */
    static Instant minute(CronJob cj, int k) {
        return Instant.parse(cj.getMetadata().getCreationTimestamp()).truncatedTo(ChronoUnit.MINUTES).plus(k, ChronoUnit.MINUTES);
    }

    static String jobName(CronJob cj, Instant scheduled) {
        return cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
    }

    void tick(CronJob cj, Instant t) {
        clock.set(t);
        controllers.context(0).enqueue(ns + "/" + cj.getMetadata().getName());
    }

    boolean event(String reason) {
        return client.v1().events().inNamespace(ns).list().getItems().stream().anyMatch(e -> reason.equals(e.getReason()));
    }

    @Test
    void startsAJobAtTheScheduledMinuteAndRecordsItsSuccess() {
        CronJob cj = create(cron("hello", "*/1 * * * *", Map.of()).build());
        Instant s1 = minute(cj, 1);
        tick(cj, s1.plusSeconds(5));
        String name = jobName(cj, s1);
        await().atMost(WAIT).until(() -> job(name) != null);
        Job j = job(name);
        assertThat(j.getMetadata().getAnnotations()).containsEntry(CronJobController.SCHEDULED_TIMESTAMP, s1.toString());
        assertThat(j.getMetadata().getLabels()).containsEntry("from", "hello");
        assertThat(j.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> {
            assertThat(r.getKind()).isEqualTo("CronJob");
            assertThat(r.getUid()).isEqualTo(cj.getMetadata().getUid());
            assertThat(r.getController()).isTrue();
        });
        await().atMost(WAIT).until(() -> get("hello").getStatus() != null && get("hello").getStatus().getLastSuccessfulTime() != null);
        CronJob after = get("hello");
        assertThat(after.getStatus().getLastScheduleTime()).isEqualTo(s1.toString());
        assertThat(after.getStatus().getActive()).isNullOrEmpty();
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void scheduledTimestampIsInTheCronJobsTimeZone() {
        CronJob cj = create(cron("tokyo", "*/1 * * * *", Map.of()).editSpec().withTimeZone("Asia/Tokyo").endSpec().build());
        Instant s1 = minute(cj, 1);
        tick(cj, s1.plusSeconds(5));
        await().atMost(WAIT).until(() -> job(jobName(cj, s1)) != null);
        String ts = job(jobName(cj, s1)).getMetadata().getAnnotations().get(CronJobController.SCHEDULED_TIMESTAMP);
        assertThat(ts).endsWith("+09:00");
        assertThat(java.time.OffsetDateTime.parse(ts).toInstant()).isEqualTo(s1);
    }

    @Test
    void forbidSkipsARunWhileThePreviousOneIsActive() {
        CronJob cj = create(cron("solo", "*/1 * * * *", Map.of("jube.io/sim-run-seconds", "600"))
                .editSpec().withConcurrencyPolicy("Forbid").endSpec().build());
        tick(cj, minute(cj, 1).plusSeconds(5));
        await().atMost(WAIT).until(() -> get("solo").getStatus() != null && !get("solo").getStatus().getActive().isEmpty());
        tick(cj, minute(cj, 2).plusSeconds(5));
        await().atMost(WAIT).until(() -> event("JobAlreadyActive"));
        assertThat(jobs()).extracting(j -> j.getMetadata().getName()).containsExactly(jobName(cj, minute(cj, 1)));
    }

    @Test
    void replaceDeletesTheRunningJobForTheNewOne() {
        CronJob cj = create(cron("swap", "*/1 * * * *", Map.of("jube.io/sim-run-seconds", "600"))
                .editSpec().withConcurrencyPolicy("Replace").endSpec().build());
        tick(cj, minute(cj, 1).plusSeconds(5));
        await().atMost(WAIT).until(() -> job(jobName(cj, minute(cj, 1))) != null
                && get("swap").getStatus() != null && !get("swap").getStatus().getActive().isEmpty());
        tick(cj, minute(cj, 2).plusSeconds(5));
        await().atMost(WAIT).until(() -> jobs().stream().map(j -> j.getMetadata().getName()).toList()
                .equals(List.of(jobName(cj, minute(cj, 2)))));
        await().atMost(WAIT).until(() -> !get("swap").getStatus().getActive().isEmpty()
                && get("swap").getStatus().getActive().size() == 1
                && get("swap").getStatus().getActive().get(0).getName().equals(jobName(cj, minute(cj, 2))));
    }

    @Test
    void allowRunsJobsSideBySide() {
        CronJob cj = create(cron("many", "*/1 * * * *", Map.of("jube.io/sim-run-seconds", "600")).build());
        tick(cj, minute(cj, 1).plusSeconds(5));
        await().atMost(WAIT).until(() -> job(jobName(cj, minute(cj, 1))) != null);
        tick(cj, minute(cj, 2).plusSeconds(5));
        await().atMost(WAIT).until(() -> !get("many").getStatus().getActive().isEmpty()
                && get("many").getStatus().getActive().size() == 2);
        assertThat(jobs()).hasSize(2);
    }

    @Test
    void keepsOnlyTheSuccessfulHistoryLimit() {
        CronJob cj = create(cron("hist", "*/1 * * * *", Map.of()).editSpec().withSuccessfulJobsHistoryLimit(1).endSpec().build());
        for (int k = 1; k <= 3; k++) {
            Instant s = minute(cj, k);
            tick(cj, s.plusSeconds(5));
            String name = jobName(cj, s);
            await().atMost(WAIT).until(() -> job(name) != null && job(name).getStatus() != null
                    && job(name).getStatus().getCompletionTime() != null);
            await().atMost(WAIT).until(() -> get("hist").getStatus().getActive().isEmpty());
        }
        await().atMost(WAIT).until(() -> jobs().size() == 1);
        assertThat(jobs().get(0).getMetadata().getName()).isEqualTo(jobName(cj, minute(cj, 3)));
    }

    @Test
    void aStartTooLateForTheDeadlineIsSkipped() {
        CronJob cj = create(cron("late", "*/1 * * * *", Map.of()).editSpec().withStartingDeadlineSeconds(10L).endSpec().build());
        tick(cj, minute(cj, 1).plusSeconds(30));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jobs().isEmpty());
        // within the deadline of the next minute it starts
        tick(cj, minute(cj, 2).plusSeconds(5));
        await().atMost(WAIT).until(() -> job(jobName(cj, minute(cj, 2))) != null);
    }

    @Test
    void tooManyMissedStartsWarnAndRunTheLatest() {
        CronJob cj = create(cron("behind", "*/1 * * * *", Map.of()).build());
        Instant latest = minute(cj, 200);
        tick(cj, latest.plusSeconds(5));
        await().atMost(WAIT).until(() -> event("TooManyMissedTimes"));
        await().atMost(WAIT).until(() -> job(jobName(cj, latest)) != null);
        assertThat(jobs()).hasSize(1);
    }

    @Test
    void suspendedCronJobsStartNothingUntilResumed() {
        CronJob cj = create(cron("sleepy", "*/1 * * * *", Map.of()).editSpec().withSuspend(true).endSpec().build());
        tick(cj, minute(cj, 1).plusSeconds(5));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> jobs().isEmpty());
        client.batch().v1().cronjobs().inNamespace(ns).withName("sleepy")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"suspend\":false}}");
        await().atMost(WAIT).until(() -> job(jobName(cj, minute(cj, 1))) != null);
    }
}
