package io.jube.bench;

import io.jube.api.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The request-reply scenarios against one server: create, update (PUT with the last
 * resourceVersion), get and list of configmaps, each run by a closed-loop or paced {@link Phase}.
 * Setup calls (namespaces, list versions) go through {@link KubeHttp}; the load through
 * {@link HttpConnections} with pre-built request bytes.
 */
final class ApiScenarios {
    private static final byte[] RESOURCE_VERSION = JsonScan.key("resourceVersion");

    private final KubeHttp http;
    private final HttpConnections connections;
    private final String store;

    ApiScenarios(KubeHttp http, HttpConnections connections, String store) {
        this.http = http;
        this.connections = connections;
        this.store = store;
    }

    /** A closed-loop phase on this server's connections. */
    Phase closed(int clients, int maxOps, Duration maxTime) {
        return new LoadPhase(connections, clients, maxOps, maxTime);
    }

    /** An open-loop phase offering {@code rate} requests/s from {@code writers} connections. */
    Phase paced(int writers, double rate, int maxOps, Duration maxTime) {
        return new PacedPhase(connections, writers, rate, maxOps, maxTime);
    }

    /** Objects created by a create phase: object i ({@link Wire#name}) exists when rv[i] != null. */
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
    PhaseResult create(String scenario, Created into, Phase phase) {
        return create(scenario, into.namespace, into.prefix, phase, (seq, w, reply) -> into.rv[seq] = resourceVersion(reply));
    }

    /** POST configmaps {@code prefix<seq>}: one template copy per request. */
    PhaseResult create(String scenario, String namespace, String prefix, Phase phase, Phase.OnReply onReply) {
        ensureNamespace(namespace);
        Wire.Template post = connections.wire().template("POST", ConfigMaps.collection(namespace),
                ConfigMaps.text(namespace, Wire.nameSlot(prefix), null, "0"));
        return phase.run(scenario, store, (seq, w) -> post.with(seq), onReply);
    }

    /**
     * PUT with the last resourceVersion. Writer w owns objects w, w+writers, ... of the created
     * set, so writers never race each other and a 409 would mean the server lost or reordered a write.
     */
    PhaseResult update(String scenario, Created objects, Phase phase) {
        int writers = phase.writers();
        int[] existing = objects.existing();
        if (existing.length < writers) {
            throw new IllegalStateException("update needs at least " + writers + " created objects, have " + existing.length);
        }
        Wire.Update put = connections.wire().update(objects.namespace, objects.prefix);
        int[] perWriter = new int[writers]; // each slot touched only by its own writer, one request at a time
        int[] lastObject = new int[writers];
        return phase.run(scenario, store,
                (seq, w) -> {
                    int owned = (existing.length - w + writers - 1) / writers; // count of j ≡ w (mod writers)
                    int obj = existing[w + (perWriter[w]++ % owned) * writers];
                    lastObject[w] = obj;
                    return put.with(obj, objects.rv[obj], seq + 1);
                },
                (seq, w, reply) -> objects.rv[lastObject[w]] = resourceVersion(reply));
    }

    PhaseResult get(String scenario, Created objects, Phase phase) {
        int[] existing = objects.existing();
        if (existing.length == 0) {
            throw new IllegalStateException("get needs created objects");
        }
        Wire.Template get = connections.wire().template("GET",
                ConfigMaps.item(objects.namespace, Wire.nameSlot(objects.prefix)), null);
        return phase.run(scenario, store,
                (seq, w) -> get.with(existing[ThreadLocalRandom.current().nextInt(existing.length)]), null);
    }

    /** Seeds {@code objects} configmaps into a fresh namespace (not measured), then lists it. */
    PhaseResult list(String scenario, String namespace, int objects, int clients, int maxOps, Duration maxTime) {
        PhaseResult seed = create("seed", namespace, "l-", closed(Math.min(50, objects), objects, Duration.ofSeconds(120)), null);
        if (seed.ops() != objects) {
            throw new IllegalStateException("seeding " + objects + " configmaps for list made only " + seed.ops()
                    + " (" + seed.failures() + ")");
        }
        Buffer list = connections.wire().request("GET", ConfigMaps.collection(namespace), null); // written as is each time
        return closed(clients, maxOps, maxTime).run(scenario, store, (seq, w) -> list,
                (seq, w, reply) -> {
                    if (seq < 2) { // spot checks (a tree of 1,000 objects costs the client more than the request): a list must be whole
                        int items = Json.parse(reply.bodyBytes()).path("items").size();
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

    private static String resourceVersion(Http1Reply reply) {
        String rv = reply.firstString(RESOURCE_VERSION);
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
