package io.jube.controllers.replicaset;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A small pool for a controller's parallel pod creates/deletes within one reconcile. */
final class ParallelWrites {
    static final int THREADS = 16;

    private ParallelWrites() {
    }

    static ExecutorService executor(String controller) {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, controller + "-writer-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true); // idle controllers hold no threads
        return pool;
    }
}
