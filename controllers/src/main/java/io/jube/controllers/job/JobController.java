package io.jube.controllers.job;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.UncountedTerminatedPods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Expectations;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.PodControl;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Times;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kubernetes' Job controller: runs pods until {@code completions} succeed (or, without completions, until one
 * succeeds and the rest finish), at most {@code parallelism} at a time; fails the Job past {@code backoffLimit}
 * pod failures or {@code activeDeadlineSeconds}; suspends and resumes.
 *
 * <p>Pods carry the {@code batch.kubernetes.io/job-tracking} finalizer until their outcome is counted: terminated
 * pods are first recorded in {@code status.uncountedTerminatedPods}, then their finalizer is removed, then they
 * move to the {@code succeeded}/{@code failed} counters — so no outcome is lost or counted twice across restarts.
 * Terminal conditions come in two steps as in Kubernetes 1.31+: {@code SuccessCriteriaMet}/{@code FailureTarget}
 * first, {@code Complete}/{@code Failed} once no pod of the Job is still running.
 *
 * <p>Its caches lag its own writes, so it waits before syncing a Job again: for the pods it created or deleted
 * to show (pod expectations), and for the Job status it wrote to show ({@link StatusWrites}) — a sync that read an
 * older status would miss pods already counted and released, and run more than {@code completions} pods.
 */
public final class JobController implements Controller {
    public static final String NAME = "job";
    static final Duration MAX_BACKOFF = Duration.ofMinutes(6);

    private final Clock clock;
    private final Duration backoffBase;
    private final Expectations expectations = new Expectations();
    private final StatusWrites statusWrites = new StatusWrites(Expectations.DEFAULT_TTL, System::nanoTime);
    /** When this controller last counted a pod failure per job; bounds re-creation by exponential back-off. */
    private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();
    /** Pods whose finalizer we removed but whose update the cache may not show yet: never count them twice. */
    private final Set<String> released = ConcurrentHashMap.newKeySet();
    private ControllerContext ctx;
    private KubernetesClient client;
    private SharedIndexInformer<Job> jobs;
    private SharedIndexInformer<Pod> pods;
    private PodControl podControl;

    public JobController() {
        this(Clock.systemUTC(), Duration.ofSeconds(10));
    }

    /** @param backoffBase the first re-creation delay after a pod failure (Kubernetes: 10s), doubling per failure */
    public JobController(Clock clock, Duration backoffBase) {
        this.clock = clock;
        this.backoffBase = backoffBase;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = ctx.client();
        this.jobs = ctx.informer(Job.class);
        this.pods = ctx.informer(Pod.class);
        ctx.index(Pod.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        this.podControl = new PodControl(client, ctx.recorder());
        ctx.watch(Job.class, e -> {
            if (e.type() == ObjectEvent.Type.DELETED) {
                forget(Keys.of(e.object()));
            }
            return List.of(Keys.of(e.object()));
        });
        ctx.watch(Pod.class, this::podEvent);
    }

    private List<String> podEvent(ObjectEvent<Pod> e) {
        Pod pod = e.object();
        if (e.type() == ObjectEvent.Type.DELETED || !JobPods.hasFinalizer(pod)) {
            released.remove(pod.getMetadata().getUid());
        }
        String owner = ownerKey(pod);
        if (owner == null) {
            return List.of();
        }
        switch (e.type()) {
            case ADDED -> {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(owner, Keys.of(pod));
                } else {
                    expectations.creationObserved(owner);
                }
            }
            case UPDATED -> {
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    expectations.deletionObserved(owner, Keys.of(pod));
                }
            }
            case DELETED -> expectations.deletionObserved(owner, Keys.of(pod));
        }
        return List.of(owner);
    }

    private String ownerKey(Pod pod) {
        Optional<OwnerReference> ref = OwnerRefs.controllerOf(pod);
        if (ref.isEmpty() || !"Job".equals(ref.get().getKind())) {
            return null;
        }
        return Keys.of(pod.getMetadata().getNamespace(), ref.get().getName());
    }

    @Override
    public Result reconcile(String key) throws Exception {
        Job job = jobs.getIndexer().getByKey(key);
        if (job == null) {
            forget(key);
            return Result.done();
        }
        if (!statusWrites.observed(key, job)) {
            return Result.done(); // the cache lags our last status write; its update event brings the key back
        }
        // Read the expectations and the released pods before listing pods: the informer updates its cache before its
        // handlers settle either, so whatever they already say is reflected in the list. The other way round, a pod
        // observed between the list and the check would satisfy them while missing from the list (one pod too many).
        boolean satisfied = expectations.satisfied(key);
        Set<String> alreadyReleased = new HashSet<>(released);
        List<Pod> owned = pods.getIndexer().byIndex(OwnerRefs.BY_CONTROLLER_UID, job.getMetadata().getUid());
        if (JobConditions.finished(job)) {
            for (Pod p : owned) {
                if (JobPods.hasFinalizer(p)) {
                    removeFinalizer(p); // e.g. a pod the previous leader created just before finishing
                }
            }
            return Result.done();
        }
        Instant now = clock.instant();
        String nowText = Times.format(now);
        JobStatus status = Json.MAPPER.convertValue(job.getStatus() == null ? new JobStatus() : job.getStatus(), JobStatus.class);
        job = trackTerminated(key, job, owned, status, alreadyReleased);
        status = Json.MAPPER.convertValue(job.getStatus() == null ? new JobStatus() : job.getStatus(), JobStatus.class);
        JobStatus before = Json.MAPPER.convertValue(status, JobStatus.class);

        List<Pod> active = new ArrayList<>();
        int terminating = 0;
        int ready = 0;
        for (Pod p : owned) {
            if (!Pods.isActive(p)) {
                if (p.getMetadata().getDeletionTimestamp() != null && !"Succeeded".equals(Pods.phase(p))
                        && !"Failed".equals(Pods.phase(p))) {
                    terminating++;
                }
                continue;
            }
            active.add(p);
            if (Pods.isReady(p)) {
                ready++;
            }
        }
        int succeeded = nz(status.getSucceeded());
        int failed = nz(status.getFailed());
        var spec = job.getSpec();
        Result result = Result.done();
        boolean suspended = Boolean.TRUE.equals(spec.getSuspend());

        if (!JobConditions.isTrue(status, JobConditions.FAILURE_TARGET)
                && !JobConditions.isTrue(status, JobConditions.SUCCESS_CRITERIA_MET)) {
            Instant start = Times.parse(status.getStartTime());
            Long deadline = spec.getActiveDeadlineSeconds();
            if (failed > nz(spec.getBackoffLimit())) {
                JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", "BackoffLimitExceeded",
                        "Job has reached the specified backoff limit", nowText);
            } else if (!suspended && deadline != null && start != null && !now.isBefore(start.plusSeconds(deadline))) {
                JobConditions.set(status, JobConditions.FAILURE_TARGET, "True", "DeadlineExceeded",
                        "Job was active longer than specified deadline", nowText);
            } else if (completed(job, status, succeeded, active.size())) {
                JobConditions.set(status, JobConditions.SUCCESS_CRITERIA_MET, "True", "CompletionsReached",
                        "Reached expected number of succeeded pods", nowText);
            } else if (!suspended && deadline != null && start != null) {
                result = Result.requeueAfter(Duration.between(now, start.plusSeconds(deadline)));
            }
        }
        boolean failing = JobConditions.isTrue(status, JobConditions.FAILURE_TARGET);
        boolean succeeding = JobConditions.isTrue(status, JobConditions.SUCCESS_CRITERIA_MET);
        if (failing || succeeding) {
            deleteAll(key, job, active);
            if (active.isEmpty() && terminating == 0
                    && owned.stream().noneMatch(p -> JobPods.hasFinalizer(p) && !alreadyReleased.contains(p.getMetadata().getUid()))
                    && uncounted(status) == 0) {
                finish(job, status, failing, nowText);
            }
        } else if (suspended) {
            deleteAll(key, job, active);
            if (JobConditions.set(status, JobConditions.SUSPENDED, "True", "JobSuspended", "Job suspended", nowText)) {
                ctx.recorder().normal(job, "Suspended", "Job suspended");
            }
            status.setStartTime(null); // the deadline counts again from the resume
        } else {
            if (JobConditions.isTrue(status, JobConditions.SUSPENDED)) {
                JobConditions.set(status, JobConditions.SUSPENDED, "False", "JobResumed", "Job resumed", nowText);
                ctx.recorder().normal(job, "Resumed", "Job resumed");
            }
            if (status.getStartTime() == null) {
                status.setStartTime(nowText);
                Long deadline = spec.getActiveDeadlineSeconds();
                if (deadline != null) {
                    result = result.min(Result.requeueAfter(Duration.ofSeconds(deadline)));
                }
            }
            if (satisfied) {
                result = result.min(manage(key, job, status, active, now));
            }
        }
        status.setActive(omitZero(active.size()));
        status.setReady(ready);
        status.setTerminating(terminating);
        if (!status.equals(before)) {
            writeStatus(job, status);
        }
        return result;
    }

    /**
     * Records the outcome of terminated pods that still hold the tracking finalizer, then releases them (adding them
     * to {@code alreadyReleased}, the pods whose finalizer this controller removed before {@code owned} was read).
     */
    private Job trackTerminated(String key, Job job, List<Pod> owned, JobStatus status, Set<String> alreadyReleased) {
        UncountedTerminatedPods unc = status.getUncountedTerminatedPods() == null
                ? new UncountedTerminatedPods() : status.getUncountedTerminatedPods();
        Set<String> ok = new LinkedHashSet<>(unc.getSucceeded() == null ? List.of() : unc.getSucceeded());
        Set<String> bad = new LinkedHashSet<>(unc.getFailed() == null ? List.of() : unc.getFailed());
        TreeSet<Integer> doneIndexes = Indexes.parse(status.getCompletedIndexes());
        boolean indexed = JobPods.indexed(job);
        List<Pod> release = new ArrayList<>();
        boolean added = false;
        for (Pod p : owned) {
            String uid = p.getMetadata().getUid();
            if (!JobPods.hasFinalizer(p) || alreadyReleased.contains(uid)) {
                continue;
            }
            if (JobPods.succeeded(p)) {
                Integer index = JobPods.index(p);
                if (indexed && (index == null || doneIndexes.contains(index)
                        || index >= nz(job.getSpec().getCompletions()))) {
                    // a duplicate or stray index counts for nothing; still release the pod
                } else if (ok.add(uid)) {
                    added = true;
                    if (indexed) {
                        doneIndexes.add(index);
                    }
                }
                release.add(p);
            } else if (JobPods.failed(p, job)) {
                if (bad.add(uid)) {
                    added = true;
                }
                release.add(p);
            } else if (ok.contains(uid) || bad.contains(uid)) {
                release.add(p);
            }
        }
        if (added) {
            unc.setSucceeded(new ArrayList<>(ok));
            unc.setFailed(new ArrayList<>(bad));
            status.setUncountedTerminatedPods(unc);
            if (indexed) {
                status.setCompletedIndexes(Indexes.format(doneIndexes));
            }
            job = writeStatus(job, status);
        }
        for (Pod p : release) {
            removeFinalizer(p);
            alreadyReleased.add(p.getMetadata().getUid());
        }
        if (ok.isEmpty() && bad.isEmpty()) {
            return job;
        }
        // every uncounted pod has now lost its finalizer (or is gone): count it
        JobStatus counted = Json.MAPPER.convertValue(job.getStatus(), JobStatus.class);
        counted.setSucceeded(omitZero(nz(counted.getSucceeded()) + ok.size()));
        counted.setFailed(omitZero(nz(counted.getFailed()) + bad.size()));
        counted.setUncountedTerminatedPods(new UncountedTerminatedPods());
        if (!bad.isEmpty()) {
            lastFailure.put(key, clock.instant());
        }
        return writeStatus(job, counted);
    }

    private boolean completed(Job job, JobStatus status, int succeeded, int active) {
        Integer completions = job.getSpec().getCompletions();
        if (JobPods.indexed(job)) {
            return completions != null && Indexes.parse(status.getCompletedIndexes()).size() >= completions;
        }
        if (completions == null) {
            return succeeded > 0 && active == 0;
        }
        return succeeded >= completions;
    }

    private void finish(Job job, JobStatus status, boolean failing, String now) {
        if (failing) {
            var target = JobConditions.find(status, JobConditions.FAILURE_TARGET).orElseThrow();
            JobConditions.set(status, JobConditions.FAILED, "True", target.getReason(), target.getMessage(), now);
            ctx.recorder().warning(job, target.getReason(), target.getMessage());
        } else {
            var target = JobConditions.find(status, JobConditions.SUCCESS_CRITERIA_MET).orElseThrow();
            JobConditions.set(status, JobConditions.COMPLETE, "True", target.getReason(), target.getMessage(), now);
            status.setCompletionTime(now);
            ctx.recorder().normal(job, "Completed", "Job completed");
        }
    }

    /** Creates missing pods and deletes surplus ones; returns when to look again if back-off delays creation. */
    private Result manage(String key, Job job, JobStatus status, List<Pod> active, Instant now) {
        var spec = job.getSpec();
        int parallelism = nz(spec.getParallelism());
        Integer completions = spec.getCompletions();
        List<Integer> toCreate = new ArrayList<>();
        List<Pod> surplus = new ArrayList<>();
        if (JobPods.indexed(job)) {
            TreeSet<Integer> done = Indexes.parse(status.getCompletedIndexes());
            Set<Integer> running = new TreeSet<>();
            List<Pod> sorted = new ArrayList<>(active);
            sorted.sort(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp(),
                    Comparator.nullsLast(Comparator.naturalOrder())));
            for (Pod p : sorted) {
                Integer i = JobPods.index(p);
                if (i == null || i >= nz(completions) || done.contains(i) || !running.add(i)) {
                    surplus.add(p); // stray, finished or duplicate index
                }
            }
            int room = parallelism - running.size();
            for (int i = 0; i < nz(completions) && toCreate.size() < room; i++) {
                if (!done.contains(i) && !running.contains(i)) {
                    toCreate.add(i);
                }
            }
            if (room < 0) {
                List<Pod> kept = new ArrayList<>(active);
                kept.removeAll(surplus);
                kept.sort(Comparator.comparing(JobPods::index, Comparator.nullsLast(Comparator.reverseOrder())));
                surplus.addAll(kept.subList(0, -room));
            }
        } else {
            int succeeded = nz(status.getSucceeded());
            int want;
            if (completions == null) {
                want = succeeded > 0 ? Math.min(active.size(), parallelism) : parallelism;
            } else { // so at most completions - succeeded - active new pods: never past completions
                want = Math.max(0, Math.min(parallelism, completions - succeeded));
            }
            for (int i = active.size(); i < want; i++) {
                toCreate.add(null);
            }
            if (active.size() > want) {
                List<Pod> order = new ArrayList<>(active);
                // not-ready and newest pods go first, as they have done the least work
                order.sort(Comparator.comparing(Pods::isReady).thenComparing(
                        (Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.nullsFirst(Comparator.reverseOrder())));
                surplus.addAll(order.subList(0, active.size() - want));
            }
        }
        if (!surplus.isEmpty()) {
            // as in Kubernetes, a pass deletes or creates, never both: each replaces the expectations it waits for
            deleteAll(key, job, surplus);
            return Result.done();
        }
        if (toCreate.isEmpty()) {
            return Result.done();
        }
        Instant failedAt = lastFailure.get(key);
        int failed = nz(status.getFailed());
        if (failedAt != null && failed > 0) {
            Duration delay = backoffBase.multipliedBy(1L << Math.min(failed - 1, 20));
            if (delay.compareTo(MAX_BACKOFF) > 0) {
                delay = MAX_BACKOFF;
            }
            Instant due = failedAt.plus(delay);
            if (now.isBefore(due)) {
                return Result.requeueAfter(Duration.between(now, due));
            }
        }
        expectations.expectCreations(key, toCreate.size());
        RuntimeException failure = null;
        for (Integer index : toCreate) {
            try {
                podControl.create(JobPods.template(job, index), job);
            } catch (RuntimeException e) {
                expectations.creationSkipped(key);
                if (!PodControl.namespaceTerminating(e)) { // the namespace controller deletes the job: no retry
                    failure = failure == null ? e : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return Result.done();
    }

    private void deleteAll(String key, Job job, List<Pod> victims) {
        if (victims.isEmpty()) {
            return;
        }
        expectations.expectDeletions(key, victims.stream().map(Keys::of).toList());
        for (Pod p : victims) {
            if (!podControl.delete(p, job)) {
                expectations.deletionObserved(key, Keys.of(p));
            }
        }
    }

    private void removeFinalizer(Pod pod) {
        released.add(pod.getMetadata().getUid());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .edit(p -> {
                        if (p.getMetadata().getFinalizers() != null) {
                            List<String> f = new ArrayList<>(p.getMetadata().getFinalizers());
                            f.remove(JobPods.TRACKING_FINALIZER);
                            p.getMetadata().setFinalizers(f);
                        }
                        return p;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                released.remove(pod.getMetadata().getUid());
                throw e;
            }
        }
    }

    private Job writeStatus(Job job, JobStatus status) {
        Job copy = Json.MAPPER.convertValue(job, Job.class);
        copy.setStatus(status);
        Job written = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(copy).updateStatus();
        statusWrites.wrote(Keys.of(job), written);
        return written;
    }

    private void forget(String key) {
        expectations.delete(key);
        statusWrites.forget(key);
        lastFailure.remove(key);
    }

    private static int uncounted(JobStatus s) {
        var u = s.getUncountedTerminatedPods();
        if (u == null) {
            return 0;
        }
        return (u.getSucceeded() == null ? 0 : u.getSucceeded().size()) + (u.getFailed() == null ? 0 : u.getFailed().size());
    }

    /** active, succeeded and failed are {@code omitempty} in Kubernetes: zero is not written. */
    private static Integer omitZero(int i) {
        return i == 0 ? null : i;
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }
}
