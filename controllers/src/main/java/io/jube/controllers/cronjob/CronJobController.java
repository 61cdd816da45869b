package io.jube.controllers.cronjob;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Times;
import io.jube.controllers.job.JobConditions;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Kubernetes' CronJob controller: creates a Job named {@code <cronjob>-<scheduled minutes since epoch>} at each
 * scheduled time of {@code spec.schedule} in {@code spec.timeZone} (default UTC), honouring suspend,
 * concurrencyPolicy (Allow, Forbid, Replace) and startingDeadlineSeconds; keeps {@code status.active},
 * {@code lastScheduleTime} and {@code lastSuccessfulTime}; deletes finished Jobs beyond the history limits. It
 * requeues each CronJob for its next scheduled time rather than polling. The clock is injectable for tests.
 */
public final class CronJobController implements Controller {
    public static final String NAME = "cronjob";
    public static final String SCHEDULED_TIMESTAMP = "batch.kubernetes.io/cronjob-scheduled-timestamp";
    /** More missed start times than this since the last schedule earn a TooManyMissedTimes warning. */
    static final int MAX_MISSED = 100;
    /** Requeue slightly after the scheduled time, so the clock is surely past it. */
    /** Go's time.RFC1123Z, which Kubernetes' messages use. */
    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.US);
    private static final Duration SLACK = Duration.ofMillis(100);

    private final Clock clock;
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<CronJob> cronJobs;
    private SharedIndexInformer<Job> jobs;

    public CronJobController() {
        this(Clock.systemUTC());
    }

    public CronJobController(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.cronJobs = ctx.informer(CronJob.class);
        this.jobs = ctx.informer(Job.class);
        ctx.index(Job.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        ctx.watch(CronJob.class, e -> List.of(Keys.of(e.object())));
        ctx.watch(Job.class, e -> {
            Optional<OwnerReference> ref = OwnerRefs.controllerOf(e.object());
            return ref.isPresent() && "CronJob".equals(ref.get().getKind())
                    ? List.of(Keys.of(e.object().getMetadata().getNamespace(), ref.get().getName())) : List.of();
        });
    }

    @Override
    public Result reconcile(String key) {
        CronJob cj = cronJobs.getIndexer().getByKey(key);
        if (cj == null) {
            return Result.done();
        }
        List<Job> owned = jobs.getIndexer().byIndex(OwnerRefs.BY_CONTROLLER_UID, cj.getMetadata().getUid());
        CronJobStatus status = Json.MAPPER.convertValue(cj.getStatus() == null ? new CronJobStatus() : cj.getStatus(),
                CronJobStatus.class);
        if (status.getActive() == null) {
            status.setActive(new ArrayList<>()); // absent and empty are the same list
        }
        CronJobStatus before = Json.MAPPER.convertValue(status, CronJobStatus.class);
        syncActive(cj, owned, status);
        Result result = Result.done();
        if (cj.getMetadata().getDeletionTimestamp() == null) {
            result = schedule(cj, owned, status);
        }
        if (!status.equals(before)) {
            CronJob copy = Json.MAPPER.convertValue(cj, CronJob.class);
            copy.setStatus(status);
            client.batch().v1().cronjobs().inNamespace(cj.getMetadata().getNamespace()).resource(copy).updateStatus();
        }
        cleanupHistory(cj, owned);
        return result;
    }

    /** status.active lists the unfinished owned Jobs; finished ones move lastSuccessfulTime. */
    private void syncActive(CronJob cj, List<Job> owned, CronJobStatus status) {
        Map<String, Job> byUid = owned.stream().collect(Collectors.toMap(j -> j.getMetadata().getUid(), j -> j, (a, b) -> a));
        List<ObjectReference> active = new ArrayList<>();
        for (ObjectReference ref : status.getActive() == null ? List.<ObjectReference>of() : status.getActive()) {
            Job j = byUid.get(ref.getUid());
            if (j == null) {
                // gone: the cache may lag a create, so keep a ref to a Job the API still has
                Job live = client.batch().v1().jobs().inNamespace(ref.getNamespace()).withName(ref.getName()).get();
                if (live != null && ref.getUid().equals(live.getMetadata().getUid()) && !JobConditions.finished(live)) {
                    active.add(ref);
                }
            } else if (!JobConditions.finished(j)) {
                active.add(ref);
            }
        }
        Set<String> listed = active.stream().map(ObjectReference::getUid).collect(Collectors.toSet());
        Instant lastSuccess = Times.parse(status.getLastSuccessfulTime());
        for (Job j : owned) {
            if (JobConditions.finished(j)) {
                Instant done = Times.parse(j.getStatus().getCompletionTime());
                if (done != null && (lastSuccess == null || done.isAfter(lastSuccess))) {
                    lastSuccess = done;
                    status.setLastSuccessfulTime(Times.format(done));
                }
                boolean wasActive = cj.getStatus() != null && cj.getStatus().getActive() != null
                        && cj.getStatus().getActive().stream().anyMatch(r -> r.getUid().equals(j.getMetadata().getUid()));
                if (wasActive) {
                    ctx.recorder().normal(cj, "SawCompletedJob", "Saw completed job: " + j.getMetadata().getName()
                            + ", condition: " + (j.getStatus().getCompletionTime() != null ? "Complete" : "Failed"));
                }
            } else if (j.getMetadata().getDeletionTimestamp() == null && !listed.contains(j.getMetadata().getUid())) {
                active.add(ref(j)); // e.g. created just before a restart, before the status write
            }
        }
        status.setActive(active);
    }

    private Result schedule(CronJob cj, List<Job> owned, CronJobStatus status) {
        var spec = cj.getSpec();
        ZoneId zone;
        try {
            zone = spec.getTimeZone() == null ? ZoneOffset.UTC : ZoneId.of(spec.getTimeZone());
        } catch (DateTimeException e) {
            ctx.recorder().warning(cj, "UnknownTimeZone", "invalid timeZone: \"" + spec.getTimeZone() + "\": " + e.getMessage());
            return Result.done(); // only a spec change helps, and that enqueues the CronJob again
        }
        Schedule sched;
        try {
            sched = Schedule.parse(spec.getSchedule());
        } catch (IllegalArgumentException e) {
            ctx.recorder().warning(cj, "UnparseableSchedule", "unparseable schedule: \"" + spec.getSchedule() + "\" : " + e.getMessage());
            return Result.done();
        }
        if (Boolean.TRUE.equals(spec.getSuspend())) {
            return Result.done();
        }
        Instant now = clock.instant();
        Instant earliest = Times.parse(status.getLastScheduleTime());
        if (earliest == null) {
            earliest = Times.parse(cj.getMetadata().getCreationTimestamp());
        }
        if (earliest == null) {
            earliest = now;
        }
        Long deadline = spec.getStartingDeadlineSeconds();
        if (deadline != null && earliest.isBefore(now.minusSeconds(deadline))) {
            earliest = now.minusSeconds(deadline); // older misses are past the deadline anyway
        }
        Instant scheduled = null;
        int missed = 0;
        for (Instant t = sched.next(earliest, zone); t != null && !t.isAfter(now); t = sched.next(t, zone)) {
            scheduled = t;
            if (++missed > MAX_MISSED) {
                scheduled = latest(sched, zone, t, now); // too many to walk one by one: only the last matters
                break;
            }
        }
        Result next = requeueAtNext(sched, zone, now);
        if (scheduled == null) {
            return next;
        }
        if (missed > MAX_MISSED) {
            ctx.recorder().warning(cj, "TooManyMissedTimes", "too many missed start times: > " + MAX_MISSED
                    + ". Set or decrease .spec.startingDeadlineSeconds or check clock skew");
        }
        if (deadline != null && scheduled.plusSeconds(deadline).isBefore(now)) {
            ctx.recorder().warning(cj, "MissSchedule", "Missed scheduled time to start a job: "
                    + RFC1123Z.format(scheduled.atZone(ZoneOffset.UTC)));
            return next;
        }
        String jobName = cj.getMetadata().getName() + "-" + scheduled.getEpochSecond() / 60;
        boolean exists = owned.stream().anyMatch(j -> jobName.equals(j.getMetadata().getName()))
                || (status.getActive() != null && status.getActive().stream().anyMatch(r -> jobName.equals(r.getName())));
        if (exists) {
            return next;
        }
        String policy = spec.getConcurrencyPolicy() == null ? "Allow" : spec.getConcurrencyPolicy();
        List<ObjectReference> active = status.getActive() == null ? new ArrayList<>() : new ArrayList<>(status.getActive());
        if ("Forbid".equals(policy) && !active.isEmpty()) {
            ctx.recorder().normal(cj, "JobAlreadyActive",
                    "Not starting job because prior execution is running and concurrency policy is Forbid");
            return next;
        }
        if ("Replace".equals(policy)) {
            for (ObjectReference r : active) {
                deleteJob(cj, r.getNamespace(), r.getName());
            }
            active.clear();
        }
        Job created;
        try {
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace())
                    .resource(jobFor(cj, jobName, scheduled, zone)).create();
            ctx.recorder().normal(cj, "SuccessfulCreate", "Created job " + jobName);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                ctx.recorder().warning(cj, "FailedCreate", "Error creating job: " + e.getMessage());
                throw e;
            }
            created = client.batch().v1().jobs().inNamespace(cj.getMetadata().getNamespace()).withName(jobName).get();
            if (created == null || !OwnerRefs.isControlledBy(created, cj)) {
                return next; // someone else's Job has our name: do not claim it
            }
        }
        String uid = created.getMetadata().getUid();
        if (active.stream().noneMatch(r -> r.getUid().equals(uid))) {
            active.add(ref(created));
        }
        status.setActive(active);
        status.setLastScheduleTime(Times.format(scheduled));
        return next;
    }

    /** The last scheduled time in ({@code from}, {@code now}], searching back in widening windows (bounded work). */
    static Instant latest(Schedule sched, ZoneId zone, Instant from, Instant now) {
        Instant found = from;
        for (Duration window : List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(32), Duration.ofDays(367),
                Duration.ofDays(5 * 366))) {
            Instant start = now.minus(window).isAfter(from) ? now.minus(window) : from;
            for (Instant t = sched.next(start, zone); t != null && !t.isAfter(now); t = sched.next(t, zone)) {
                found = t;
            }
            if (found.isAfter(from) || !start.isAfter(from)) {
                return found;
            }
        }
        return found;
    }

    private Result requeueAtNext(Schedule sched, ZoneId zone, Instant now) {
        Instant t = sched.next(now, zone);
        return t == null ? Result.done() : Result.requeueAfter(Duration.between(now, t).plus(SLACK));
    }

    static Job jobFor(CronJob cj, String name, Instant scheduled, ZoneId zone) {
        var template = cj.getSpec().getJobTemplate();
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> labels = tm.getLabels() == null ? new HashMap<>() : new HashMap<>(tm.getLabels());
        Map<String, String> annotations = tm.getAnnotations() == null ? new HashMap<>() : new HashMap<>(tm.getAnnotations());
        annotations.put(SCHEDULED_TIMESTAMP, scheduled.atZone(zone).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        Job job = new Job();
        job.setMetadata(new ObjectMeta());
        job.getMetadata().setName(name);
        job.getMetadata().setNamespace(cj.getMetadata().getNamespace());
        job.getMetadata().setLabels(labels);
        job.getMetadata().setAnnotations(annotations);
        job.getMetadata().setOwnerReferences(List.of(OwnerRefs.controllerRef(cj)));
        job.setSpec(Json.MAPPER.convertValue(template.getSpec(), JobSpec.class));
        return job;
    }

    private static ObjectReference ref(Job j) {
        return new ObjectReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                .withNamespace(j.getMetadata().getNamespace()).withName(j.getMetadata().getName())
                .withUid(j.getMetadata().getUid()).withResourceVersion(j.getMetadata().getResourceVersion()).build();
    }

    /** Deletes the oldest finished Jobs beyond successfulJobsHistoryLimit (default 3) and failedJobsHistoryLimit (1). */
    private void cleanupHistory(CronJob cj, List<Job> owned) {
        Integer okLimit = cj.getSpec().getSuccessfulJobsHistoryLimit();
        Integer badLimit = cj.getSpec().getFailedJobsHistoryLimit();
        List<Job> ok = new ArrayList<>();
        List<Job> bad = new ArrayList<>();
        for (Job j : owned) {
            if (j.getMetadata().getDeletionTimestamp() != null || !JobConditions.finished(j)) {
                continue;
            }
            (j.getStatus().getCompletionTime() != null ? ok : bad).add(j);
        }
        prune(cj, ok, okLimit == null ? 3 : okLimit);
        prune(cj, bad, badLimit == null ? 1 : badLimit);
    }

    private void prune(CronJob cj, List<Job> finished, int keep) {
        if (finished.size() <= keep) {
            return;
        }
        finished.sort(Comparator.comparing((Job j) -> Optional.ofNullable(Times.parse(j.getStatus().getStartTime()))
                .orElse(Instant.EPOCH)).thenComparing(j -> j.getMetadata().getName()));
        for (Job j : finished.subList(0, finished.size() - keep)) {
            deleteJob(cj, j.getMetadata().getNamespace(), j.getMetadata().getName());
        }
    }

    private void deleteJob(CronJob cj, String ns, String name) {
        try {
            var deleted = client.batch().v1().jobs().inNamespace(ns).withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            if (!deleted.isEmpty()) {
                ctx.recorder().normal(cj, "SuccessfulDelete", "Deleted job " + name);
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                ctx.recorder().warning(cj, "FailedDelete", "Deleted job: " + e.getMessage());
                throw e;
            }
        }
    }
}
