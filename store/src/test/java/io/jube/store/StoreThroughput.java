package io.jube.store;

import io.jube.store.embedded.EmbeddedStore;
import io.jube.store.etcd.EtcdServer;
import io.jube.store.etcd.EtcdStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Quick write-throughput measurement (not a test): {@code N} threads each create keys as fast as
 * the store acknowledges them, for a bounded time. Usage: StoreThroughput embedded|etcd [writers] [seconds].
 */
public final class StoreThroughput {
    private StoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        String backend = args.length > 0 ? args[0] : "embedded";
        int writers = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory("jube-throughput-");
        EtcdServer etcd = backend.equals("etcd") ? EtcdServer.start() : null;
        try (Store store = etcd != null ? EtcdStore.connect(List.of(etcd.endpoint()), "/bench")
                : EmbeddedStore.open(dir)) {
            byte[] value = new byte[256];
            store.create("/warmup", value, 0);
            AtomicLong done = new AtomicLong();
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < writers; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < 10_000_000 && System.nanoTime() < deadline; i++) {
                        store.create("/k/" + thread + "/" + i, value, 0);
                        done.incrementAndGet();
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join();
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("backend=%s writers=%d writes=%d seconds=%.1f writes/s=%.0f%n",
                    backend, writers, done.get(), secs, done.get() / secs);
        } finally {
            if (etcd != null) {
                etcd.close();
            }
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
