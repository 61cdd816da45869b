package io.jube.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Default admission plugins for pods and claims, through the registry on the real embedded store. */
class PodAdmissionTest {
    @TempDir
    Path dir;
    EmbeddedStore store;
    Registry registry;
    Catalogue c;
    final RequestContext ctx = RequestContext.internal("test");

    @BeforeEach
    void setUp() {
        store = EmbeddedStore.open(dir.resolve("db"));
        c = Catalogue.builtIn();
        registry = new Registry(store, c, Clock.systemUTC());
        registry.addAdmission(new PodAdmission(registry));
        registry.addAdmission(new DefaultStorageClass(registry));
        registry.writes().create(c.find("", "v1", "namespaces").orElseThrow(), null, named("v1", "Namespace", "default"), ctx).object();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    static ObjectNode named(String apiVersion, String kind, String name) {
        ObjectNode o = Json.object().put("apiVersion", apiVersion).put("kind", kind);
        o.putObject("metadata").put("name", name);
        return o;
    }

    ObjectNode pod(String name) {
        ObjectNode p = named("v1", "Pod", name);
        p.putObject("spec").putArray("containers").addObject().put("name", "c").put("image", "busybox");
        return p;
    }

    ObjectNode createPod(ObjectNode p) {
        return registry.writes().create(c.find("", "v1", "pods").orElseThrow(), "default", p, ctx).object();
    }

    @Test
    void podsGetTheDefaultServiceAccountAndFiveMinuteNodeTolerations() {
        ObjectNode created = createPod(pod("p"));
        assertThat(Json.text(created, "spec", "serviceAccountName")).isEqualTo("default");
        assertThat(created.path("spec").path("tolerations").toString())
                .contains("\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300")
                .contains("\"key\":\"node.kubernetes.io/unreachable\"");
        assertThat(created.path("spec").path("priority").asLong()).isZero();
    }

    @Test
    void ownTolerationsAreKept() {
        ObjectNode p = pod("own");
        ((ObjectNode) p.get("spec")).putArray("tolerations").addObject().put("key", "node.kubernetes.io/unreachable")
                .put("operator", "Exists").put("effect", "NoExecute").put("tolerationSeconds", 5);
        ObjectNode created = createPod(p);
        assertThat(created.path("spec").path("tolerations")).hasSize(2);
        assertThat(created.path("spec").path("tolerations").toString()).contains("\"tolerationSeconds\":5");
    }

    @Test
    void priorityComesFromThePriorityClass() {
        ObjectNode pc = named("scheduling.k8s.io/v1", "PriorityClass", "high");
        pc.put("value", 1000).put("preemptionPolicy", "Never");
        registry.writes().create(c.find("scheduling.k8s.io", "v1", "priorityclasses").orElseThrow(), null, pc, ctx).object();
        ObjectNode p = pod("important");
        ((ObjectNode) p.get("spec")).put("priorityClassName", "high");
        ObjectNode created = createPod(p);
        assertThat(created.path("spec").path("priority").asLong()).isEqualTo(1000);
        assertThat(Json.text(created, "spec", "preemptionPolicy")).isEqualTo("Never");
        ObjectNode missing = pod("nope");
        ((ObjectNode) missing.get("spec")).put("priorityClassName", "missing");
        assertThatThrownBy(() -> createPod(missing)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(403);
            assertThat(e.getMessage()).contains("no PriorityClass with name missing was found");
        });
    }

    @Test
    void claimsWithoutAClassGetTheDefaultOne() {
        ObjectNode sc = named("storage.k8s.io/v1", "StorageClass", "local-path");
        ((ObjectNode) sc.get("metadata")).putObject("annotations").put(DefaultStorageClass.DEFAULT_ANNOTATION, "true");
        sc.put("provisioner", "jube.io/local-path");
        registry.writes().create(c.find("storage.k8s.io", "v1", "storageclasses").orElseThrow(), null, sc, ctx).object();
        ObjectNode pvc = named("v1", "PersistentVolumeClaim", "data");
        ObjectNode spec = pvc.putObject("spec");
        spec.putArray("accessModes").add("ReadWriteOnce");
        spec.putObject("resources").putObject("requests").put("storage", "1Gi");
        ObjectNode created = registry.writes().create(c.find("", "v1", "persistentvolumeclaims").orElseThrow(),
                "default", pvc, ctx).object();
        assertThat(Json.text(created, "spec", "storageClassName")).isEqualTo("local-path");
    }
}
