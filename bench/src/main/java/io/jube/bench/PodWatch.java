package io.jube.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.parsetools.RecordParser;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One watch on the pods of a namespace, noting per pod the first moment (System.nanoTime) it was
 * seen bound to a node and the first moment it was seen Running.
 */
final class PodWatch implements AutoCloseable {
    final Map<String, Long> bound = new ConcurrentHashMap<>();
    final Map<String, Long> running = new ConcurrentHashMap<>();
    private volatile HttpClientResponse response;
    private volatile String failure;

    /** Opens the watch from the namespace's current resourceVersion (so it sees only what follows). */
    static PodWatch open(KubeHttp http, String namespace, String fromVersion) {
        PodWatch w = new PodWatch();
        String uri = "/api/v1/namespaces/" + namespace + "/pods?watch=true&allowWatchBookmarks=false&timeoutSeconds=3600"
                + "&resourceVersion=" + fromVersion;
        w.response = http.stream(uri).toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        if (w.response.statusCode() != 200) {
            throw new IllegalStateException("watch " + uri + ": HTTP " + w.response.statusCode());
        }
        w.response.handler(RecordParser.newDelimited("\n", line -> w.onEvent(line.getBytes())));
        w.response.exceptionHandler(e -> w.failure = e.toString());
        return w;
    }

    private void onEvent(byte[] line) {
        long now = System.nanoTime();
        if (line.length == 0) {
            return;
        }
        JsonNode event = Json.parse(line);
        JsonNode pod = event.path("object");
        String name = pod.at("/metadata/name").asText();
        if (!pod.at("/spec/nodeName").asText("").isEmpty()) {
            bound.putIfAbsent(name, now);
        }
        if ("Running".equals(pod.at("/status/phase").asText())) {
            running.putIfAbsent(name, now);
        }
    }

    String failure() {
        return failure;
    }

    /** Waits (bounded) until {@code count} pods were seen in {@code map}; returns whether they were. */
    static boolean awaitCount(Map<String, Long> map, int count, Duration timeout, Runnable progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = System.nanoTime();
        while (map.size() < count && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextLog) {
                progress.run();
                nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(20); // polling a counter the event loop fills; not synchronisation
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return map.size() >= count;
    }

    @Override
    public void close() {
        HttpClientResponse r = response;
        if (r != null) {
            r.request().connection().close();
        }
    }
}
