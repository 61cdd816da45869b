package io.jube.controllers.framework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one controller's workers: take a key, reconcile it, then forget, requeue or retry it with back-off. */
public final class ControllerRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerRunner.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(10);

    private final Controller controller;
    private final WorkQueue queue;
    private final ControllerMetrics metrics;
    private final int workers;
    private final List<Thread> threads = new ArrayList<>();

    public ControllerRunner(Controller controller, WorkQueue queue, ControllerMetrics metrics, int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        this.controller = controller;
        this.queue = queue;
        this.metrics = metrics;
        this.workers = workers;
    }

    public synchronized void start() {
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(this::work, controller.name() + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void work() {
        while (true) {
            String key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                return;
            }
            if (key == null) {
                return;
            }
            try {
                process(key);
            } finally {
                queue.done(key);
            }
        }
    }

    /** One reconcile of {@code key}, with the retry policy of client-go controllers. */
    void process(String key) {
        long start = System.nanoTime();
        metrics.reconciles.incrementAndGet();
        try {
            Result r = controller.reconcile(key);
            queue.forget(key);
            if (r != null && r.requeue()) {
                metrics.requeues.incrementAndGet();
                queue.addAfter(key, r.requeueAfter());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | LinkageError | AssertionError e) {
            metrics.errors.incrementAndGet();
            metrics.retries.incrementAndGet();
            int n = queue.numRequeues(key);
            if (e instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 409) {
                // optimistic concurrency: our cache was behind the API; the retry reads the newer object
                LOG.debug("{}: reconcile {} conflicted, retrying", controller.name(), key);
            } else if (n < 3) {
                LOG.info("{}: reconcile {} failed (will retry): {}", controller.name(), key, e.toString());
            } else {
                LOG.warn("{}: reconcile {} failed {} times (will retry)", controller.name(), key, n + 1, e);
            }
            queue.addRateLimited(key);
        } finally {
            metrics.reconcileNanos.addAndGet(System.nanoTime() - start);
        }
    }

    /** Shuts the queue and waits (bounded) for in-flight reconciles to end. */
    public synchronized void stop() {
        queue.shutDown();
        long deadline = System.nanoTime() + JOIN_TIMEOUT.toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        threads.clear();
    }
}
