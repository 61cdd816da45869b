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
import java.util.concurrent.TimeUnit;

/** Runs one controller instance (built with test settings) on the real framework, without a controller manager. */
public final class RunningController implements AutoCloseable {
    private final Informers informers;
    private final ControllerRunner runner;
    private final EventRecorder recorder;

    public RunningController(KubernetesClient client, Controller c) throws Exception {
        informers = new Informers(client, Duration.ofMinutes(10));
        WorkQueue queue = new WorkQueue(RateLimiter.defaultControllerRateLimiter());
        ControllerMetrics metrics = new ControllerMetrics();
        recorder = new EventRecorder(client, c.name() + "-controller", "test");
        c.setup(new ControllerContext(c.name(), client, informers, queue, recorder, metrics));
        informers.start().get(30, TimeUnit.SECONDS);
        runner = new ControllerRunner(c, queue, metrics, 1);
        runner.start();
    }

    @Override
    public void close() {
        runner.stop();
        informers.close();
        recorder.close();
    }
}
