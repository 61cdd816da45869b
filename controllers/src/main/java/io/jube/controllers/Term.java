package io.jube.controllers;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ControllerMetrics;
import io.jube.controllers.framework.ControllerRunner;
import io.jube.controllers.framework.EventRecorder;
import io.jube.controllers.framework.Informers;
import io.jube.controllers.framework.RateLimiter;
import io.jube.controllers.framework.WorkQueue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One leadership term: fresh controllers, shared informers, queues and workers, all stopped together. */
final class Term implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Term.class);

    private final Informers informers;
    private final List<ControllerRunner> runners = new ArrayList<>();
    private final List<EventRecorder> recorders = new ArrayList<>();
    private final Map<String, ControllerMetrics> metrics = new LinkedHashMap<>();
    private volatile boolean closed;

    Term(KubernetesClient client, ControllerManager.Options options) {
        this.informers = new Informers(client, options.resync());
        for (Controller c : Controllers.create(options)) {
            WorkQueue queue = new WorkQueue(RateLimiter.defaultControllerRateLimiter());
            ControllerMetrics m = new ControllerMetrics();
            EventRecorder recorder = new EventRecorder(client, c.name() + "-controller", options.identity());
            c.setup(new ControllerContext(c.name(), client, informers, queue, recorder, m));
            runners.add(new ControllerRunner(c, queue, m, options.workersFor(c.name())));
            recorders.add(recorder);
            metrics.put(c.name(), m);
        }
    }

    /** Starts the informers; workers start once every cache has synced (reconciling on a partial cache would
     *  create duplicates). */
    void start() {
        informers.start().whenComplete((ok, err) -> {
            if (err != null) {
                LOG.error("informers failed to start; controllers not running", err);
                return;
            }
            synchronized (this) {
                if (!closed) {
                    runners.forEach(ControllerRunner::start);
                }
            }
        });
    }

    Map<String, ControllerMetrics> metrics() {
        return Map.copyOf(metrics);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        runners.forEach(ControllerRunner::stop);
        informers.close();
        recorders.forEach(EventRecorder::close);
    }
}
