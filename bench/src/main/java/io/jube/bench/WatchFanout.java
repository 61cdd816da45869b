package io.jube.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watch fan-out: W chunked watches on one namespace's configmaps, all from the same
 * resourceVersion, then M creates in that namespace. Measures events delivered per second across
 * all watchers and the lag from each write's acknowledgement to each watcher seeing its event.
 */
final class WatchFanout {
    private static final String PREFIX = "w-";
    private static final Duration ESTABLISH_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param delivered     ADDED events for the M writes seen, summed over watchers
     * @param beforeAck     events seen before the writer got its reply (counted as lag 0)
     * @param writes        the writes' own phase result (latency under the watch load)
     */
    record Result(String scenario, String store, int watchers, int established, int completeWatchers, long expected,
                  long delivered, double seconds, LatencyRecorder.Summary lag, long beforeAck,
                  PhaseResult writes, Map<String, Integer> failures, CpuMeter.Usage cpu) {
        Result withCpu(CpuMeter.Usage usage) {
            return new Result(scenario, store, watchers, established, completeWatchers, expected, delivered, seconds, lag,
                    beforeAck, writes, failures, usage);
        }

        double eventsPerSecond() {
            return seconds <= 0 ? 0 : delivered / seconds;
        }
    }

    private final int watchers;
    private final int writes;
    private final long[][] seen;
    private final int[] counts;
    private final boolean[] finished; // per watcher, guarded by seen[watcher]: counted down on complete once
    private final long[] ack;
    private final CountDownLatch established;
    private final CountDownLatch complete;
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile boolean closing; // after delivery the bench closes the watches itself

    private final double writeRate;

    /** @param writeRate writes per second, or 0 to write as fast as the writers get replies */
    WatchFanout(int watchers, int writes, double writeRate) {
        this.writeRate = writeRate;
        this.watchers = watchers;
        this.writes = writes;
        this.seen = new long[watchers][writes];
        this.counts = new int[watchers];
        this.finished = new boolean[watchers];
        this.ack = new long[writes];
        this.established = new CountDownLatch(watchers);
        this.complete = new CountDownLatch(watchers);
    }

    Result run(ApiScenarios api, KubeHttp watchHttp, String store, String namespace, String scenario, int writeClients) {
        api.ensureNamespace(namespace);
        String rv = api.currentListVersion(namespace);
        String uri = ConfigMaps.collection(namespace) + "?watch=true&resourceVersion=" + rv + "&timeoutSeconds=600";
        for (int i = 0; i < watchers; i++) {
            int watcher = i;
            watchHttp.stream(uri).onComplete(ar -> {
                if (ar.failed()) {
                    fail(watcher, "io: " + ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage());
                } else {
                    open(watcher, ar.result());
                }
            });
        }
        await(established, ESTABLISH_TIMEOUT);

        long start = System.nanoTime();
        PhaseResult writeResult = write(api, store, namespace, scenario, writeClients);
        await(complete, DELIVERY_TIMEOUT);
        closing = true;
        watchHttp.close();

        long delivered = 0;
        long last = start;
        long beforeAck = 0;
        int completeWatchers = 0;
        LatencyRecorder lag = new LatencyRecorder(Math.multiplyExact(watchers, writes));
        for (int w = 0; w < watchers; w++) {
            synchronized (seen[w]) { // pairs with the event loop's writes to this watcher's row
                completeWatchers += counts[w] == writes ? 1 : 0;
                for (int j = 0; j < writes; j++) {
                    long t = seen[w][j];
                    if (t == 0 || ack[j] == 0) {
                        continue;
                    }
                    delivered++;
                    last = Math.max(last, t);
                    if (t < ack[j]) {
                        beforeAck++;
                    }
                    lag.record(Math.max(0, t - ack[j]));
                }
            }
        }
        return new Result(scenario, store, watchers, opened.get(), completeWatchers, (long) watchers * writeResult.ops(),
                delivered, (last - start) / 1e9, lag.summary(), beforeAck, writeResult, new TreeMap<>(failures),
                CpuMeter.Usage.NONE);
    }

    /**
     * The M creates: as fast as the writers get replies, or paced at writeRate (write latency then
     * counts from each create's scheduled time).
     */
    private PhaseResult write(ApiScenarios api, String store, String namespace, String scenario, int clients) {
        Duration bound = Duration.ofSeconds(60 + (writeRate > 0 ? (long) Math.ceil(writes / writeRate) : 0));
        Phase phase = writeRate > 0 ? api.paced(clients, writeRate, writes, bound) : api.closed(clients, writes, bound);
        return api.create(scenario, namespace, PREFIX, phase, (seq, w, reply) -> ack[seq] = System.nanoTime());
    }

    private void open(int watcher, HttpClientResponse resp) {
        if (resp.statusCode() != 200) {
            resp.body().onComplete(b -> fail(watcher, "HTTP " + resp.statusCode() + " "
                    + (b.succeeded() ? JsonScan.firstString(b.result().toString(), "reason") : "")));
            return;
        }
        opened.incrementAndGet();
        established.countDown();
        resp.handler(RecordParser.newDelimited("\n", line -> onEvent(watcher, line)));
        resp.exceptionHandler(e -> {
            if (!closing) {
                failures.merge("watch stream: " + e.getMessage(), 1, Integer::sum);
            }
        });
        resp.endHandler(v -> {
            if (!closing && counts[watcher] < writes) {
                failures.merge("watch ended early", 1, Integer::sum);
                finish(watcher); // it will see no more events: stop waiting for it
            }
        });
    }

    private void onEvent(int watcher, Buffer line) {
        long now = System.nanoTime();
        if (line.length() == 0) {
            return;
        }
        String event = line.toString(StandardCharsets.UTF_8);
        String type = JsonScan.firstString(event, "type");
        if ("ERROR".equals(type)) {
            failures.merge("watch ERROR event: " + JsonScan.firstString(event, "reason"), 1, Integer::sum);
            return;
        }
        if (!"ADDED".equals(type)) {
            return;
        }
        String name = JsonScan.firstString(event, "name");
        if (name == null || !name.startsWith(PREFIX)) {
            return;
        }
        int j;
        try {
            j = Integer.parseInt(name.substring(PREFIX.length()));
        } catch (NumberFormatException e) {
            return;
        }
        synchronized (seen[watcher]) {
            if (j < 0 || j >= writes || seen[watcher][j] != 0) {
                if (j >= 0 && j < writes) {
                    failures.merge("duplicate event", 1, Integer::sum);
                }
                return;
            }
            seen[watcher][j] = now;
            if (++counts[watcher] == writes) {
                finish(watcher);
            }
        }
    }

    private void finish(int watcher) {
        synchronized (seen[watcher]) {
            if (!finished[watcher]) {
                finished[watcher] = true;
                complete.countDown();
            }
        }
    }

    private void fail(int watcher, String why) {
        failures.merge(why, 1, Integer::sum);
        established.countDown();
        finish(watcher);
    }

    private static boolean await(CountDownLatch latch, Duration timeout) {
        try {
            return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
