package io.jube.bench;

import io.jube.api.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The request-reply scenarios against one server: create, update (PUT with the last
 * resourceVersion), get and list of configmaps. Each phase is bounded by count and time.
 */
final class ApiScenarios {
    private final Vertx vertx;
    private final KubeHttp http;
    private final String store;

    ApiScenarios(Vertx vertx, KubeHttp http, String store) {
        this.vertx = vertx;
        this.http = http;
        this.store = store;
    }

    /** Objects created by a create phase: name i exists when rv[i] != null. */
    static final class Created {
        final String namespace;
        final String prefix;
        final String[] rv;

        Created(String namespace, String prefix, int capacity) {
            this.namespace = namespace;
            this.prefix = prefix;
            this.rv = new String[capacity];
        }

        int[] existing() {
            int n = 0;
            for (String v : rv) {
                n += v != null ? 1 : 0;
            }
            int[] idx = new int[n];
            for (int i = 0, j = 0; i < rv.length; i++) {
                if (rv[i] != null) {
                    idx[j++] = i;
                }
            }
            return idx;
        }
    }

    void ensureNamespace(String name) {
        KubeHttp.Reply r = await(http.call(HttpMethod.POST, "/api/v1/namespaces", ConfigMaps.namespace(name)));
        if (!r.ok() && r.status() != 409) {
            throw new IllegalStateException("cannot create namespace " + name + ": HTTP " + r.status() + " " + r.text());
        }
    }

    /** POST configmaps {@code prefix<seq>}, remembering each one's resourceVersion in {@code into}. */
    PhaseResult create(String scenario, Created into, int clients, int maxOps, Duration maxTime) {
        return create(scenario, into.namespace, into.prefix, clients, maxOps, maxTime,
                (seq, w, reply) -> into.rv[seq] = resourceVersion(reply));
    }

    /** POST configmaps {@code prefix<seq>} with {@code clients} concurrent writers. */
    PhaseResult create(String scenario, String namespace, String prefix, int clients, int maxOps, Duration maxTime,
                       LoadPhase.OnReply onReply) {
        ensureNamespace(namespace);
        String path = ConfigMaps.collection(namespace);
        return new LoadPhase(vertx, clients, maxOps, maxTime).run(scenario, store,
                (seq, w) -> http.call(HttpMethod.POST, path, ConfigMaps.body(namespace, prefix + seq, null, 0)),
                onReply);
    }

    /**
     * PUT with the last resourceVersion. Writer w owns objects w, w+clients, ... of the created
     * set, so writers never race each other and a 409 would mean the server lost or reordered a write.
     */
    PhaseResult update(String scenario, Created objects, int clients, int maxOps, Duration maxTime) {
        int[] existing = objects.existing();
        if (existing.length < clients) {
            throw new IllegalStateException("update needs at least " + clients + " created objects, have " + existing.length);
        }
        int[] perWorker = new int[clients]; // each slot touched only by its own sequential chain
        int[] lastObject = new int[clients];
        return new LoadPhase(vertx, clients, maxOps, maxTime).run(scenario, store,
                (seq, w) -> {
                    int owned = (existing.length - w + clients - 1) / clients; // count of j ≡ w (mod clients)
                    int obj = existing[w + (perWorker[w]++ % owned) * clients];
                    lastObject[w] = obj;
                    String name = objects.prefix + obj;
                    return http.call(HttpMethod.PUT, ConfigMaps.item(objects.namespace, name),
                            ConfigMaps.body(objects.namespace, name, objects.rv[obj], seq + 1));
                },
                (seq, w, reply) -> objects.rv[lastObject[w]] = resourceVersion(reply));
    }

    PhaseResult get(String scenario, Created objects, int clients, int maxOps, Duration maxTime) {
        int[] existing = objects.existing();
        if (existing.length == 0) {
            throw new IllegalStateException("get needs created objects");
        }
        return new LoadPhase(vertx, clients, maxOps, maxTime).run(scenario, store,
                (seq, w) -> http.call(HttpMethod.GET, ConfigMaps.item(objects.namespace,
                        objects.prefix + existing[ThreadLocalRandom.current().nextInt(existing.length)]), null),
                null);
    }

    /** Seeds {@code objects} configmaps into a fresh namespace (not measured), then lists it. */
    PhaseResult list(String scenario, String namespace, int objects, int clients, int maxOps, Duration maxTime) {
        PhaseResult seed = create("seed", namespace, "l-", Math.min(50, objects), objects, Duration.ofSeconds(120), null);
        if (seed.ops() != objects) {
            throw new IllegalStateException("seeding " + objects + " configmaps for list made only " + seed.ops()
                    + " (" + seed.failures() + ")");
        }
        String path = ConfigMaps.collection(namespace);
        return new LoadPhase(vertx, clients, maxOps, maxTime).run(scenario, store,
                (seq, w) -> http.call(HttpMethod.GET, path, null),
                (seq, w, reply) -> {
                    if (seq < clients) { // the first replies are checked: a list must be whole
                        int items = Json.parse(reply.body().getBytes()).path("items").size();
                        if (items != objects) {
                            throw new IllegalStateException("list returned " + items + " items, expected " + objects);
                        }
                    }
                });
    }

    /** The resourceVersion of the collection now, to start a watch from. */
    String currentListVersion(String namespace) {
        KubeHttp.Reply r = await(http.call(HttpMethod.GET, ConfigMaps.collection(namespace) + "?limit=1", null));
        if (!r.ok()) {
            throw new IllegalStateException("list " + namespace + ": HTTP " + r.status() + " " + r.text());
        }
        String rv = JsonScan.firstString(r.text(), "resourceVersion");
        if (rv == null) {
            throw new IllegalStateException("list of " + namespace + " has no resourceVersion: " + r.text());
        }
        return rv;
    }

    private static String resourceVersion(KubeHttp.Reply reply) {
        String rv = JsonScan.firstString(reply.text(), "resourceVersion");
        if (rv == null) {
            throw new IllegalStateException("reply has no resourceVersion");
        }
        return rv;
    }

    static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        }
    }
}
