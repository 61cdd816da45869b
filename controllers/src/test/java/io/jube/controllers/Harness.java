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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs given controller instances on the real framework (shared informers, queues, workers), so tests can hand
 * them an injected clock or short back-off, which the ControllerManager's registry does not.
 */
public final class Harness implements AutoCloseable {
    private final Informers informers;
    private final List<ControllerRunner> runners = new ArrayList<>();
    private final List<EventRecorder> recorders = new ArrayList<>();
    private final List<ControllerContext> contexts = new ArrayList<>();

    public Harness(KubernetesClient client, Controller... controllers) throws Exception {
        informers = new Informers(client, Duration.ofMinutes(10));
        for (Controller c : controllers) {
            WorkQueue queue = new WorkQueue(RateLimiter.defaultControllerRateLimiter());
            ControllerMetrics m = new ControllerMetrics();
            EventRecorder recorder = new EventRecorder(client, c.name() + "-controller", "test");
            ControllerContext ctx = new ControllerContext(c.name(), client, informers, queue, recorder, m);
            c.setup(ctx);
            contexts.add(ctx);
            runners.add(new ControllerRunner(c, queue, m, 2));
            recorders.add(recorder);
        }
        informers.start().get(30, TimeUnit.SECONDS);
        runners.forEach(ControllerRunner::start);
    }

    /** The context of the i-th controller (e.g. to enqueue a key after advancing a test clock). */
    public ControllerContext context(int i) {
        return contexts.get(i);
    }

    @Override
    public void close() {
        runners.forEach(ControllerRunner::stop);
        informers.close();
        recorders.forEach(EventRecorder::close);
    }
}
