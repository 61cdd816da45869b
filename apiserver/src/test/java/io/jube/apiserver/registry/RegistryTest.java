package io.jube.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.watch.CachedEvent;
import io.jube.apiserver.watch.WatchCache;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic registry's Kubernetes semantics, on the real embedded store. */
class RegistryTest {
    @TempDir
    Path dir;
    EmbeddedStore store;
    Registry registry;
    ResourceDef configmaps;
    ResourceDef deployments;
    ResourceDef namespaces;
    final RequestContext ctx = RequestContext.internal("test");

    @BeforeEach
    void setUp() {
        store = EmbeddedStore.open(dir.resolve("db"));
        Catalogue c = Catalogue.builtIn();
        registry = new Registry(store, c, Clock.systemUTC());
        configmaps = c.find("", "v1", "configmaps").orElseThrow();
        deployments = c.find("apps", "v1", "deployments").orElseThrow();
        namespaces = c.find("", "v1", "namespaces").orElseThrow();
        registry.writes().create(namespaces, null, obj("v1", "Namespace", "default", null), ctx);
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static ObjectNode obj(String apiVersion, String kind, String name, String ns) {
        ObjectNode o = Json.object().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode m = o.putObject("metadata").put("name", name);
        if (ns != null) {
            m.put("namespace", ns);
        }
        return o;
    }

    ObjectNode cm(String name) {
        ObjectNode o = obj("v1", "ConfigMap", name, "default");
        o.putObject("data").put("k", "v");
        return o;
    }

    @Test
    void createSetsSystemFieldsAndRejectsDuplicates() {
        ObjectNode created = registry.writes().create(configmaps, "default", cm("a"), ctx).object();
        assertThat(Json.text(created, "metadata", "uid")).hasSize(36);
        assertThat(Json.text(created, "metadata", "creationTimestamp")).endsWith("Z");
        assertThat(Long.parseLong(Json.text(created, "metadata", "resourceVersion"))).isPositive();
        assertThat(registry.get(configmaps, "default", "a")).isEqualTo(created);
        assertThatThrownBy(() -> registry.writes().create(configmaps, "default", cm("a"), ctx).object())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("AlreadyExists");
                    assertThat(e.getMessage()).isEqualTo("configmaps \"a\" already exists");
                });
    }

    @Test
    void createInMissingNamespaceIsNotFound() {
        ObjectNode noNamespace = cm("a");
        ((ObjectNode) noNamespace.get("metadata")).remove("namespace");
        assertThatThrownBy(() -> registry.writes().create(configmaps, "nope", noNamespace, ctx).object())
                .isInstanceOfSatisfying(ApiException.class, e ->
                        assertThat(e.getMessage()).isEqualTo("namespaces \"nope\" not found"));
    }

    @Test
    void generateNameAddsFiveCharacters() {
        ObjectNode o = obj("v1", "ConfigMap", null, "default");
        ((ObjectNode) o.get("metadata")).remove("name");
        ((ObjectNode) o.get("metadata")).put("generateName", "web-");
        ObjectNode created = registry.writes().create(configmaps, "default", o, ctx).object();
        assertThat(Json.text(created, "metadata", "name")).matches("web-[bcdfghjklmnpqrstvwxz2456789]{5}");
    }

    @Test
    void staleResourceVersionIsAConflict() {
        ObjectNode created = registry.writes().create(configmaps, "default", cm("a"), ctx).object();
        ObjectNode first = created.deepCopy();
        ((ObjectNode) first.get("data")).put("k", "v2");
        registry.writes().update(configmaps, "default", "a", first, "", ctx).object();
        ObjectNode stale = created.deepCopy();
        ((ObjectNode) stale.get("data")).put("k", "v3");
        assertThatThrownBy(() -> registry.writes().update(configmaps, "default", "a", stale, "", ctx).object())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.reason()).isEqualTo("Conflict");
                    assertThat(e.getMessage()).contains("the object has been modified");
                });
        assertThat(Json.text(registry.get(configmaps, "default", "a"), "data", "k")).isEqualTo("v2");
    }

    @Test
    void generationBumpsOnSpecChangeOnlyAndStatusIsSeparate() {
        ObjectNode d = obj("apps/v1", "Deployment", "web", "default");
        ObjectNode spec = d.putObject("spec");
        spec.put("replicas", 1);
        spec.putObject("selector").putObject("matchLabels").put("app", "web");
        ObjectNode tpl = spec.putObject("template");
        tpl.putObject("metadata").putObject("labels").put("app", "web");
        tpl.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "nginx");
        d.putObject("status").put("replicas", 7);
        ObjectNode created = registry.writes().create(deployments, "default", d, ctx).object();
        assertThat(created.path("metadata").path("generation").asLong()).isEqualTo(1);
        assertThat(created.has("status") && created.get("status").has("replicas")).isFalse();

        ObjectNode labelled = created.deepCopy();
        Json.with((ObjectNode) labelled.get("metadata"), "labels").put("x", "y");
        ObjectNode afterLabel = registry.writes().update(deployments, "default", "web", labelled, "", ctx).object();
        assertThat(afterLabel.path("metadata").path("generation").asLong()).isEqualTo(1);

        ObjectNode scaled = afterLabel.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        ObjectNode afterScale = registry.writes().update(deployments, "default", "web", scaled, "", ctx).object();
        assertThat(afterScale.path("metadata").path("generation").asLong()).isEqualTo(2);

        ObjectNode withStatus = afterScale.deepCopy();
        Json.with(withStatus, "status").put("replicas", 3);
        ((ObjectNode) withStatus.get("spec")).put("replicas", 9);
        ObjectNode afterStatus = registry.writes().update(deployments, "default", "web", withStatus, "status", ctx).object();
        assertThat(afterStatus.path("status").path("replicas").asInt()).isEqualTo(3);
        assertThat(afterStatus.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(afterStatus.path("metadata").path("generation").asLong()).isEqualTo(2);
    }

    @Test
    void finalizersHoldDeletionUntilRemoved() {
        ObjectNode o = cm("held");
        ((ObjectNode) o.get("metadata")).putArray("finalizers").add("example.com/hold");
        registry.writes().create(configmaps, "default", o, ctx).object();
        Writes.DeleteResult r = registry.writes().delete(configmaps, "default", "held", DeleteOptions.DEFAULT, ctx);
        assertThat(r.deleted()).isFalse();
        ObjectNode pending = registry.get(configmaps, "default", "held");
        assertThat(pending.path("metadata").has("deletionTimestamp")).isTrue();
        ObjectNode released = pending.deepCopy();
        ((ObjectNode) released.get("metadata")).remove("finalizers");
        registry.writes().update(configmaps, "default", "held", released, "", ctx).object();
        assertThat(registry.find(configmaps, "default", "held")).isEmpty();
    }

    @Test
    void orphanAndForegroundAddTheirFinalizers() {
        registry.writes().create(configmaps, "default", cm("o"), ctx).object();
        registry.writes().delete(configmaps, "default", "o", new DeleteOptions(null, "Orphan", null, null), ctx);
        assertThat(registry.get(configmaps, "default", "o").path("metadata").path("finalizers").toString())
                .contains("orphan");
        registry.writes().create(configmaps, "default", cm("f"), ctx).object();
        registry.writes().delete(configmaps, "default", "f", new DeleteOptions(null, "Foreground", null, null), ctx);
        assertThat(registry.get(configmaps, "default", "f").path("metadata").path("finalizers").toString())
                .contains("foregroundDeletion");
    }

    @Test
    void pagedListIsConsistentAndCountsRemaining() {
        for (int i = 0; i < 25; i++) {
            registry.writes().create(configmaps, "default", cm(String.format("cm-%02d", i)), ctx).object();
        }
        Registry.Page first = registry.list(configmaps, "default", Registry.ALL, 10, null, 0);
        assertThat(first.items()).hasSize(10);
        assertThat(first.remaining()).isEqualTo(15);
        registry.writes().create(configmaps, "default", cm("cm-zz-after-first-page"), ctx).object();
        Registry.Page second = registry.list(configmaps, "default", Registry.ALL, 10, first.continueToken(), 0);
        Registry.Page third = registry.list(configmaps, "default", Registry.ALL, 10, second.continueToken(), 0);
        assertThat(third.items()).hasSize(5);
        assertThat(third.continueToken()).isNull();
        assertThat(third.items()).noneMatch(o -> Json.text(o, "metadata", "name").startsWith("cm-zz"));
        assertThat(Json.text(second.items().get(0), "metadata", "name")).isEqualTo("cm-10");
    }

    @Test
    void jsonFromStoredBytesIsTheServedObject() {
        Served created = registry.writes().create(configmaps, "default", cm("j"), ctx);
        assertThat(Json.parse(created.json())).isEqualTo(created.object());
        ObjectNode changed = created.object().deepCopy();
        ((ObjectNode) changed.get("data")).put("k2", "v2");
        Served updated = registry.writes().update(configmaps, "default", "j", changed, "", ctx);
        assertThat(Json.parse(updated.json())).isEqualTo(updated.object());
        assertThat(Json.text(updated.object(), "metadata", "resourceVersion"))
                .isNotEqualTo(Json.text(created.object(), "metadata", "resourceVersion"));
        assertThat(Json.parse(registry.getJson(configmaps, "default", "j")))
                .isEqualTo(registry.get(configmaps, "default", "j"));
        registry.writes().create(configmaps, "default", cm("k"), ctx);

        Registry.Page page = registry.list(configmaps, "default", Registry.ALL, 1, null, 0);
        byte[] fromBytes = Registry.listJson(configmaps,
                registry.listStored(configmaps, "default", Registry.ALL, 1, null, 0));
        // compared as JSON: the tree holds remainingItemCount as a long, the parsed text as an int
        assertThat(Json.parse(fromBytes)).isEqualTo(Json.parse(Json.bytes(Registry.listObject(configmaps, page))));
        assertThat(Json.parse(fromBytes).path("items")).hasSize(1);
        assertThat(Json.parse(fromBytes).path("metadata").path("continue").asText()).isNotEmpty();
        java.util.function.Predicate<ObjectNode> onlyK = o -> "k".equals(Json.text(o, "metadata", "name"));
        assertThat(Json.parse(Registry.listJson(configmaps,
                registry.listStored(configmaps, "default", onlyK, 0, null, 0))))
                .isEqualTo(Registry.listObject(configmaps, registry.list(configmaps, "default", onlyK, 0, null, 0)));
    }

    @Test
    void generatedNameThatCollidesIsReplacedByAnotherAsKubernetes132Does() {
        // suffix indexes: "bbbbb" twice (the second collides), then "ccccc"
        java.util.ArrayDeque<Integer> picks = new java.util.ArrayDeque<>(List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                1, 1, 1, 1, 1));
        registry.nameRandom(new java.util.Random() {
            @Override
            public int nextInt(int bound) {
                return picks.isEmpty() ? 0 : picks.poll();
            }
        });
        ObjectNode o = obj("v1", "ConfigMap", null, "default");
        ((ObjectNode) o.get("metadata")).remove("name");
        ((ObjectNode) o.get("metadata")).put("generateName", "gen-");
        ObjectNode first = registry.writes().create(configmaps, "default", o, ctx).object();
        ObjectNode second = registry.writes().create(configmaps, "default", o, ctx).object();
        assertThat(Json.text(first, "metadata", "name")).isEqualTo("gen-bbbbb");
        assertThat(Json.text(second, "metadata", "name")).isEqualTo("gen-ccccc");
        assertThat(registry.get(configmaps, "default", "gen-ccccc").path("metadata").path("uid"))
                .isEqualTo(second.path("metadata").path("uid"));
        // an explicit name that exists is still AlreadyExists
        assertThatThrownBy(() -> registry.writes().create(configmaps, "default", cm("gen-bbbbb"), ctx))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
    }

    @Test
    void badContinueTokenIsBadRequest() {
        assertThatThrownBy(() -> registry.list(configmaps, "default", Registry.ALL, 10, "garbage!", 0))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void watchCacheReplaysFromRevisionAndReportsTooOld() {
        WatchCache cache = new WatchCache(store, Keys.resourcePrefix(configmaps), 5, Long.MAX_VALUE);
        cache.start();
        ObjectNode a = registry.writes().create(configmaps, "default", cm("w1"), ctx).object();
        long rv = Long.parseLong(Json.text(a, "metadata", "resourceVersion"));
        registry.writes().create(configmaps, "default", cm("w2"), ctx).object();
        registry.writes().delete(configmaps, "default", "w1", DeleteOptions.DEFAULT, ctx);
        List<String> seen = new CopyOnWriteArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.revision() >= rv + 2);
        cache.subscribe(rv, new WatchCache.Sink() {
            @Override
            public boolean offer(CachedEvent e) {
                seen.add(e.type() + " " + Json.text(e.object(), "metadata", "name"));
                return true;
            }

            @Override
            public void close(ApiException reason) {
            }
        });
        assertThat(seen).containsExactly("ADDED w2", "DELETED w1");
        for (int i = 0; i < 10; i++) {
            registry.writes().create(configmaps, "default", cm("many-" + i), ctx).object();
        }
        long now = store.currentRevision();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.revision() >= now);
        assertThatThrownBy(() -> cache.subscribe(rv, new WatchCache.Sink() {
            @Override
            public boolean offer(CachedEvent e) {
                return true;
            }

            @Override
            public void close(ApiException reason) {
            }
        })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));
        cache.close();
    }

    @Test
    void watchCacheWindowIsCutToItsByteBudgetAndModificationsCarryThePreviousObject() {
        WatchCache cache = new WatchCache(store, Keys.resourcePrefix(configmaps), 10_000, 8 * 1024);
        cache.start();
        ObjectNode first = registry.writes().create(configmaps, "default", big("b-0"), ctx).object();
        long firstRv = Long.parseLong(Json.text(first, "metadata", "resourceVersion"));
        for (int i = 1; i < 20; i++) {
            registry.writes().create(configmaps, "default", big("b-" + i), ctx).object();
        }
        ObjectNode changed = big("b-19");
        ((ObjectNode) changed.path("data")).put("k", "changed");
        ObjectNode updated = registry.writes().update(configmaps, "default", "b-19", changed, "", ctx).object();
        long lastRv = Long.parseLong(Json.text(updated, "metadata", "resourceVersion"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.revision() >= lastRv);

        List<CachedEvent> seen = new CopyOnWriteArrayList<>();
        WatchCache.Sink sink = new WatchCache.Sink() {
            @Override
            public boolean offer(CachedEvent e) {
                seen.add(e);
                return true;
            }

            @Override
            public void close(ApiException reason) {
            }
        };
        assertThatThrownBy(() -> cache.subscribe(firstRv, sink)).as("20 KiB of changes do not fit 8 KiB")
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(410));
        cache.subscribe(lastRv - 1, sink);
        assertThat(seen).hasSize(1);
        assertThat(seen.get(0).type()).isEqualTo("MODIFIED");
        assertThat(Json.text(seen.get(0).object(), "data", "k")).isEqualTo("changed");
        assertThat(Json.text(seen.get(0).previous(), "data", "k")).startsWith("xxxx");
        cache.close();
    }

    @Test
    void aWatcherThatCannotKeepUpIsEndedWithoutAnErrorAndResumesFromItsLastRevision() {
        WatchCache cache = new WatchCache(store, Keys.resourcePrefix(configmaps), 10_000, Long.MAX_VALUE);
        cache.start();
        long from = store.currentRevision();
        List<Long> delivered = new CopyOnWriteArrayList<>();
        List<String> endings = new CopyOnWriteArrayList<>();
        cache.subscribe(from, new WatchCache.Sink() {
            @Override
            public boolean offer(CachedEvent e) {
                delivered.add(e.revision());
                return delivered.size() < 2; // its buffer is full after the second event
            }

            @Override
            public void close(ApiException reason) {
                endings.add(reason == null ? "no error" : reason.reason());
            }
        });
        for (int i = 0; i < 4; i++) {
            registry.writes().create(configmaps, "default", cm("slow-" + i), ctx);
        }
        long now = store.currentRevision();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cache.revision() >= now);
        assertThat(delivered).hasSize(2);
        assertThat(endings).as("a 410 would make the client relist; kube-apiserver just ends the watch")
                .containsExactly("no error");
        List<String> resumed = new CopyOnWriteArrayList<>();
        cache.subscribe(delivered.get(1), new WatchCache.Sink() {
            @Override
            public boolean offer(CachedEvent e) {
                resumed.add(Json.text(e.object(), "metadata", "name"));
                return true;
            }

            @Override
            public void close(ApiException reason) {
            }
        });
        assertThat(resumed).containsExactly("slow-2", "slow-3");
        cache.close();
    }

    private ObjectNode big(String name) {
        ObjectNode cm = cm(name);
        cm.putObject("data").put("k", "x".repeat(1024));
        return cm;
    }
}
