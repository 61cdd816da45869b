package io.jube.agent;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one task on a shared executor, never concurrently with itself, coalescing requests made
 * while it runs into one more run: the per-pod serialisation of the kubelet's pod workers.
 */
final class SerialRunner {
    private static final int MAX_RUNS_PER_TURN = 16;
    private final Executor executor;
    private final Runnable task;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final AtomicBoolean running = new AtomicBoolean();

    SerialRunner(Executor executor, Runnable task) {
        this.executor = executor;
        this.task = task;
    }

    void request() {
        dirty.set(true);
        submit();
    }

    private void submit() {
        if (running.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.set(false); // shutting down
            }
        }
    }

    private void drain() {
        try {
            // bounded so one busy pod cannot hold a pool thread: further requests go to the back of the queue
            for (int i = 0; i < MAX_RUNS_PER_TURN && dirty.getAndSet(false); i++) {
                task.run();
            }
        } finally {
            running.set(false);
        }
        if (dirty.get()) {
            submit();
        }
    }
}
