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
    private final KubeHttp http;
    private final String namespace;
    private volatile String lastVersion;
    private volatile HttpClientResponse response;
    private volatile String failure;
    private volatile boolean closed;

    private PodWatch(KubeHttp http, String namespace, String fromVersion) {
        this.http = http;
        this.namespace = namespace;
        this.lastVersion = fromVersion;
    }

    /** Opens the watch from the namespace's current resourceVersion (so it sees only what follows). */
    static PodWatch open(KubeHttp http, String namespace, String fromVersion) {
        PodWatch w = new PodWatch(http, namespace, fromVersion);
        HttpClientResponse r = w.connect().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        if (r.statusCode() != 200) {
            throw new IllegalStateException("watch of pods in " + namespace + ": HTTP " + r.statusCode());
        }
        return w;
    }

    /**
     * Watches from the last resourceVersion seen; when the server ends the stream (as it does to a watcher that
     * falls behind) it resumes from there, as an informer would, so no change is missed.
     */
    private io.vertx.core.Future<HttpClientResponse> connect() {
        String uri = "/api/v1/namespaces/" + namespace + "/pods?watch=true&allowWatchBookmarks=false&timeoutSeconds=3600"
                + "&resourceVersion=" + lastVersion;
        return http.stream(uri).onSuccess(r -> {
            response = r;
            if (r.statusCode() != 200) {
                fail("watch " + uri + ": HTTP " + r.statusCode());
                return;
            }
            r.handler(RecordParser.newDelimited("\n", line -> onEvent(line.getBytes())));
            r.exceptionHandler(e -> failure = e.toString());
            r.endHandler(v -> {
                if (!closed) {
                    connect();
                }
            });
        }).onFailure(e -> fail(e.toString()));
    }

    /** The watch cannot go on (a resume was refused or failed): awaits stop and report why. */
    private void fail(String why) {
        failure = why;
        closed = true;
    }

    private void onEvent(byte[] line) {
        long now = System.nanoTime();
        if (line.length == 0) {
            return;
        }
        JsonNode event = Json.parse(line);
        JsonNode pod = event.path("object");
        if ("ERROR".equals(event.path("type").asText())) {
            fail("watch ended: " + pod.path("message").asText()); // events were lost: report, do not resume with a gap
            return;
        }
        String name = pod.at("/metadata/name").asText();
        lastVersion = pod.at("/metadata/resourceVersion").asText(lastVersion);
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

    /**
     * Waits (bounded) until {@code count} pods were seen in {@code map} (one of this watch's maps) or the watch
     * failed ({@link #failure}); returns whether they were seen.
     */
    boolean awaitCount(Map<String, Long> map, int count, Duration timeout, Runnable progress) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = System.nanoTime();
        while (map.size() < count && System.nanoTime() < deadline && !(closed && failure != null)) {
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
        closed = true;
        HttpClientResponse r = response;
        if (r != null) {
            r.request().connection().close();
        }
    }
}
