package io.jube.controllers.ttlafterfinished;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Times;
import io.jube.controllers.job.JobConditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Kubernetes' TTL-after-finished controller: deletes a finished Job (its pods follow through the garbage collector: background propagation)
 * {@code spec.ttlSecondsAfterFinished} after it completed or failed. It waits for the deadline by requeueing the
 * Job, and re-reads the Job before deleting so a TTL raised meanwhile is honoured.
 */
public final class TtlAfterFinishedController implements Controller {
    public static final String NAME = "ttl-after-finished";

    private final Clock clock;
    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;

    public TtlAfterFinishedController() {
        this(Clock.systemUTC());
    }

    public TtlAfterFinishedController(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.client = ctx.client();
        this.jobs = ctx.informer(Job.class);
        ctx.watch(Job.class, e -> needsCleanup(e.object()) ? List.of(Keys.of(e.object())) : List.of());
    }

    private static boolean needsCleanup(Job job) {
        return job.getMetadata().getDeletionTimestamp() == null && job.getSpec() != null
                && job.getSpec().getTtlSecondsAfterFinished() != null && JobConditions.finished(job);
    }

    @Override
    public Result reconcile(String key) {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null || !needsCleanup(job)) {
            return Result.done();
        }
        Duration left = timeLeft(job);
        if (!left.isNegative() && !left.isZero()) {
            return Result.requeueAfter(left);
        }
        // the cache may lag: decide on the live object
        var ref = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName());
        Job live = ref.get();
        if (live == null || !needsCleanup(live)) {
            return Result.done();
        }
        left = timeLeft(live);
        if (!left.isNegative() && !left.isZero()) {
            return Result.requeueAfter(left);
        }
        client.batch().v1().jobs().inNamespace(live.getMetadata().getNamespace()).withName(live.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        return Result.done();
    }

    private Duration timeLeft(Job job) {
        Instant finished = Times.parse(JobConditions.finishedAt(job));
        if (finished == null) {
            finished = Times.parse(job.getStatus().getCompletionTime());
        }
        if (finished == null) {
            return Duration.ZERO; // finished at an unknown time: the TTL has certainly started
        }
        Instant expiry = finished.plusSeconds(job.getSpec().getTtlSecondsAfterFinished());
        return Duration.between(clock.instant(), expiry);
    }
}
