package io.jube.controllers.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.Cluster;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ControllerMetrics;
import io.jube.controllers.framework.EventRecorder;
import io.jube.controllers.framework.Informers;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.RateLimiter;
import io.jube.controllers.framework.WorkQueue;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job controller reading informer caches that lag its own writes, as on a busy server. Its passes are run
 * one by one here (no workers) and the Job cache is held back on demand, so the interleaving is the same every run.
 */
class JobControllerLaggingCacheTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static Informers informers;
    static EventRecorder recorder;
    static LaggingItemStore<Job> jobCache;
    static SharedIndexInformer<Job> jobs;
    static SharedIndexInformer<Pod> pods;
    static JobController controller;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        KubernetesClient own = cluster.newClient();
        informers = new Informers(own, Duration.ofMinutes(10));
        jobCache = new LaggingItemStore<>();
        jobs = informers.get(Job.class).itemStore(jobCache);
        pods = informers.get(Pod.class);
        recorder = new EventRecorder(own, "job-controller", "test");
        controller = new JobController(Clock.systemUTC(), Duration.ofMillis(200));
        controller.setup(new ControllerContext(JobController.NAME, own, informers,
                new WorkQueue(RateLimiter.defaultControllerRateLimiter()), recorder, new ControllerMetrics()));
        informers.start().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        informers.close();
        recorder.close();
        cluster.close();
    }

    @Test
    void aStatusWriteTheCacheDoesNotShowYetCreatesNoPodPastCompletions() throws Exception {
        String ns = cluster.namespace("lag");
        String key = ns + "/pi";
        Job created = client.batch().v1().jobs().inNamespace(ns).resource(JobControllerTest.job("pi", Map.of())
                .editSpec().withCompletions(3).withParallelism(2).endSpec().build()).create();
        String uid = created.getMetadata().getUid();
        await().atMost(WAIT).until(() -> jobs.getIndexer().getByKey(key) != null);

        controller.reconcile(key);
        // a second pass before the informer shows the new pods waits for them instead of creating more
        controller.reconcile(key);
        assertThat(apiPods(ns)).hasSize(2);

        await().atMost(WAIT).until(() -> cachedPods(uid).size() == 2 && cacheShowsLatest(ns, key));
        jobCache.lag(); // from here the controller reads the Job as it is now: 2 active, none succeeded
        for (Pod p : apiPods(ns)) {
            succeed(ns, p);
        }
        await().atMost(WAIT).until(() -> cachedPods(uid).stream().allMatch(JobPods::succeeded));

        controller.reconcile(key); // counts both, releases them, creates the third and last pod
        assertThat(apiJob(ns).getStatus().getSucceeded()).isEqualTo(2);
        assertThat(apiPods(ns)).hasSize(3);
        await().atMost(WAIT).until(() -> cachedPods(uid).size() == 3
                && cachedPods(uid).stream().filter(JobPods::succeeded).noneMatch(JobPods::hasFinalizer));

        // The pod cache is current (two succeeded pods without the finalizer, one running), the Job cache still
        // says nothing succeeded: acting on that would count the two pods nowhere and start a fourth.
        Throwable failure = catchThrowable(() -> controller.reconcile(key));
        assertThat(apiPods(ns).size()).as("pods of a job with completions 3").isEqualTo(3);
        assertThat(failure).isNull();

        jobCache.catchUp();
        Pod last = apiPods(ns).stream().filter(p -> !JobPods.succeeded(p)).findFirst().orElseThrow();
        succeed(ns, last);
        await().atMost(WAIT).until(() -> cachedPods(uid).stream().allMatch(JobPods::succeeded));
        await().atMost(WAIT).untilAsserted(() -> {
            controller.reconcile(key);
            assertThat(JobControllerTest.cond(apiJob(ns), "Complete")).isEqualTo("CompletionsReached");
        });
        assertThat(apiJob(ns).getStatus().getSucceeded()).isEqualTo(3);
        assertThat(apiPods(ns)).hasSize(3).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
            assertThat(p.getMetadata().getFinalizers()).doesNotContain(JobPods.TRACKING_FINALIZER);
        });
    }

    static void succeed(String ns, Pod pod) {
        client.pods().inNamespace(ns).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.getStatus().setPhase("Succeeded");
            return p;
        });
    }

    static boolean cacheShowsLatest(String ns, String key) {
        Job cached = jobs.getIndexer().getByKey(key);
        return cached != null && Objects.equals(cached.getMetadata().getResourceVersion(),
                apiJob(ns).getMetadata().getResourceVersion());
    }

    static List<Pod> cachedPods(String jobUid) {
        return pods.getIndexer().byIndex(OwnerRefs.BY_CONTROLLER_UID, jobUid);
    }

    static List<Pod> apiPods(String ns) {
        return client.pods().inNamespace(ns).list().getItems();
    }

    static Job apiJob(String ns) {
        return client.batch().v1().jobs().inNamespace(ns).withName("pi").get();
    }
}
