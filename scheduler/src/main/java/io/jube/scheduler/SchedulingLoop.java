package io.jube.scheduler;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.api.Json;
import io.jube.scheduler.cache.SchedulerCache;
import io.jube.scheduler.framework.ClusterWriter;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.FitError;
import io.jube.scheduler.framework.Framework;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.PostFilterResult;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import io.jube.scheduler.queue.QueuedPod;
import io.jube.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running scheduler (while leading): informers, queue and cache, one scheduling thread doing cycles, and
 * a binding pool so the next pod is scheduled while earlier bindings are in flight.
 */
final class SchedulingLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulingLoop.class);

    private final Scheduler.Options opts;
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue;
    private final ClusterInformers informers;
    private final Framework framework;
    private final SchedulingAlgorithm algorithm;
    private final ApiCalls api;
    private final EventRecorder events;
    private final ExecutorService filterWorkers;
    private final ExecutorService binders;
    private final ScheduledExecutorService housekeeping;
    private final Thread thread;
    private final AtomicLong scheduled = new AtomicLong();
    private volatile boolean closed;

    SchedulingLoop(KubernetesClient client, Scheduler.Options opts) {
        this.opts = opts;
        this.queue = new SchedulingQueue(opts.podInitialBackoff(), opts.podMaxBackoff(),
                opts.podMaxInUnschedulablePodsDuration(), System::nanoTime);
        this.informers = new ClusterInformers(client, opts.schedulerName(), cache, queue);
        this.framework = DefaultProfile.create(informers);
        this.filterWorkers = opts.parallelism() > 1 ? Executors.newFixedThreadPool(opts.parallelism() - 1, daemon("scheduler-filter")) : null;
        this.algorithm = new SchedulingAlgorithm(framework, filterWorkers, opts.parallelism(), opts.percentageOfNodesToScore());
        this.api = new ApiCalls(client);
        this.events = new EventRecorder(api, opts.schedulerName(), opts.identity());
        this.binders = Executors.newFixedThreadPool(opts.bindConcurrency(), daemon("scheduler-bind"));
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(daemon("scheduler-queue-flush"));
        this.thread = daemon("scheduler").newThread(this::run);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void start() {
        informers.start();
        housekeeping.scheduleWithFixedDelay(queue::flush, 1, 1, TimeUnit.SECONDS);
        thread.start();
    }

    long scheduledCount() {
        return scheduled.get();
    }

    private void run() {
        while (!closed) {
            try {
                QueuedPod q = queue.pop(Duration.ofSeconds(1));
                if (q != null) {
                    scheduleOne(q);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("scheduling cycle failed", e);
            }
        }
    }

    private void scheduleOne(QueuedPod q) {
        PodInfo pod = q.pod();
        if (cache.contains(pod.key())) {
            queue.done(pod.key()); // already bound or assumed: a stale queue entry
            return;
        }
        Snapshot snapshot = cache.snapshot();
        CycleState state = new CycleState();
        SchedulingAlgorithm.Result result;
        try {
            result = algorithm.schedule(state, pod, snapshot, queue.hasNominatedPods() ? queue::nominatedPods : null);
        } catch (SchedulingAlgorithm.FitException e) {
            handleUnschedulable(q, state, snapshot, e.error());
            return;
        } catch (RuntimeException e) {
            LOG.warn("scheduling {} failed: {}", pod.key(), e.toString());
            queue.addBackoff(q);
            return;
        }
        String node = result.node();
        cache.assume(pod, node);
        Status reserved = framework.runReserve(state, pod, node);
        if (!reserved.isSuccess()) {
            cache.forget(pod.key());
            queue.addBackoff(q);
            return;
        }
        binders.execute(() -> bind(q, pod, state, node));
    }

    private void bind(QueuedPod q, PodInfo pod, CycleState state, String node) {
        try {
            ClusterWriter writer = (ns, name, key, value) -> api.annotateClaim(ns, name, key, value).join();
            Status pre = framework.runPreBind(state, pod, node, writer);
            if (!pre.isSuccess()) {
                throw new IllegalStateException(pre.message());
            }
            api.bind(pod.namespace(), pod.name(), pod.uid(), node).join();
            scheduled.incrementAndGet();
            queue.done(pod.key());
            events.pod(pod.pod(), "Normal", "Scheduled",
                    "Successfully assigned " + pod.namespace() + "/" + pod.name() + " to " + node);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null && e instanceof java.util.concurrent.CompletionException ? e.getCause() : e;
            LOG.info("binding {} to {} failed: {}", pod.key(), node, cause.getMessage());
            cache.forget(pod.key());
            framework.runUnreserve(state, pod, node);
            events.pod(pod.pod(), "Warning", "FailedScheduling", "Binding rejected: " + cause.getMessage());
            if (cause instanceof ApiCalls.ApiException ae && (ae.code == 404 || ae.code == 409 && isAlreadyBound(ae))) {
                queue.done(pod.key()); // pod gone or bound elsewhere: nothing to retry
            } else {
                queue.addBackoff(q);
            }
        }
    }

    private static boolean isAlreadyBound(ApiCalls.ApiException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        return m.contains("already") || m.contains("assigned");
    }

    private void handleUnschedulable(QueuedPod q, CycleState state, Snapshot snapshot, FitError error) {
        PodInfo pod = q.pod();
        String nominated = null;
        if (framework.hasPostFilter()) {
            PostFilterResult r = framework.runPostFilter(state, pod, snapshot, error);
            if (r != null && r.nominated()) {
                nominated = r.nominatedNode();
                preempt(pod, r);
            } else if (r != null) {
                error.setPostFilterMessage(r.message());
            }
        }
        String message = error.message();
        queue.addUnschedulable(q);
        ObjectNode status = Json.MAPPER.createObjectNode();
        ObjectNode s = status.putObject("status");
        ArrayNode conds = s.putArray("conditions");
        conds.addObject().put("type", "PodScheduled").put("status", "False").put("reason", "Unschedulable")
                .put("message", message).putNull("lastProbeTime")
                .put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        if (nominated != null) {
            s.put("nominatedNodeName", nominated);
        }
        api.patchPodStatus(pod.namespace(), pod.name(), status)
                .exceptionally(e -> { LOG.debug("status of {}: {}", pod.key(), e.toString()); return null; });
        events.pod(pod.pod(), "Warning", "FailedScheduling", message);
    }

    /** Nominates the node, marks each victim with a DisruptionTarget condition, then deletes it. */
    private void preempt(PodInfo pod, PostFilterResult r) {
        queue.nominate(pod, r.nominatedNode());
        for (PodInfo victim : r.victims()) {
            ObjectNode patch = Json.MAPPER.createObjectNode();
            patch.putObject("status").putArray("conditions").addObject()
                    .put("type", "DisruptionTarget").put("status", "True").put("reason", "PreemptionByScheduler")
                    .put("message", opts.schedulerName() + ": preempting to accommodate a higher priority pod")
                    .put("lastTransitionTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            api.patchPodStatus(victim.namespace(), victim.name(), patch)
                    .handle((ok, e) -> api.deletePod(victim.namespace(), victim.name(), victim.uid()))
                    .thenCompose(f -> f)
                    .whenComplete((ok, e) -> {
                        if (e != null) {
                            LOG.info("could not preempt {}: {}", victim.key(), e.toString());
                        } else {
                            events.pod(victim.pod(), "Normal", "Preempted",
                                    "Preempted by pod " + pod.uid() + " on node " + r.nominatedNode());
                        }
                    });
        }
    }

    @Override
    public void close() {
        closed = true;
        queue.close();
        thread.interrupt();
        housekeeping.shutdownNow();
        binders.shutdownNow();
        if (filterWorkers != null) {
            filterWorkers.shutdownNow();
        }
        informers.close();
    }
}
