package io.jube.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.DeleteOptions;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.registry.RequestContext;
import io.jube.store.ListOptions;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster IP and node port allocation through the registry, on the real embedded store. */
class ServiceAllocationTest {
    @TempDir
    Path dir;
    EmbeddedStore store;
    Registry registry;
    ServiceAllocation allocation;
    ResourceDef services;
    final RequestContext ctx = RequestContext.internal("test");

    @BeforeEach
    void setUp() {
        store = EmbeddedStore.open(dir.resolve("db"));
        Catalogue c = Catalogue.builtIn();
        registry = new Registry(store, c, Clock.systemUTC());
        allocation = new ServiceAllocation(store, "10.96.0.0/24");
        registry.addAdmission(allocation);
        services = c.find("", "v1", "services").orElseThrow();
        ObjectNode ns = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
        ns.putObject("metadata").put("name", "default");
        registry.writes().create(c.find("", "v1", "namespaces").orElseThrow(), null, ns, ctx).object();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    ObjectNode svc(String name, String type, String clusterIp) {
        ObjectNode s = Json.object().put("apiVersion", "v1").put("kind", "Service");
        s.putObject("metadata").put("name", name);
        ObjectNode spec = s.putObject("spec").put("type", type);
        if (clusterIp != null) {
            spec.put("clusterIP", clusterIp);
        }
        spec.putArray("ports").addObject().put("port", 80);
        return s;
    }

    @Test
    void everyServiceGetsItsOwnAddressInTheRange() {
        Set<String> ips = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            ObjectNode created = registry.writes().create(services, "default", svc("s" + i, "ClusterIP", null), ctx).object();
            String ip = Json.text(created, "spec", "clusterIP");
            assertThat(ip).startsWith("10.96.0.");
            assertThat(created.path("spec").path("clusterIPs").get(0).asText()).isEqualTo(ip);
            ips.add(ip);
        }
        assertThat(ips).hasSize(60).doesNotContain("10.96.0.0", "10.96.0.1", "10.96.0.255");
    }

    @Test
    void aTakenAddressIsRejectedAndAFreedOneReusable() {
        registry.writes().create(services, "default", svc("a", "ClusterIP", "10.96.0.10"), ctx).object();
        assertThatThrownBy(() -> registry.writes().create(services, "default", svc("b", "ClusterIP", "10.96.0.10"), ctx).object())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("provided IP is already allocated");
                });
        registry.writes().delete(services, "default", "a", DeleteOptions.DEFAULT, ctx);
        ObjectNode b = registry.writes().create(services, "default", svc("b", "ClusterIP", "10.96.0.10"), ctx).object();
        assertThat(Json.text(b, "spec", "clusterIP")).isEqualTo("10.96.0.10");
    }

    @Test
    void nodePortsAreAllocatedInRangeAndReleasedOnDelete() {
        ObjectNode np = registry.writes().create(services, "default", svc("np", "NodePort", null), ctx).object();
        int port = np.path("spec").path("ports").get(0).path("nodePort").asInt();
        assertThat(port).isBetween(30000, 32767);
        assertThat(store.get(ServiceAllocation.PORT_PREFIX + port)).isPresent();
        registry.writes().delete(services, "default", "np", DeleteOptions.DEFAULT, ctx);
        assertThat(store.get(ServiceAllocation.PORT_PREFIX + port)).isEmpty();
    }

    @Test
    void headlessServicesGetNoAddress() {
        ObjectNode h = registry.writes().create(services, "default", svc("h", "ClusterIP", "None"), ctx).object();
        assertThat(Json.text(h, "spec", "clusterIP")).isEqualTo("None");
        assertThat(store.list(ServiceAllocation.IP_PREFIX, ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void repairReleasesAllocationsNoServiceHolds() {
        store.create(ServiceAllocation.IP_PREFIX + "10.96.0.77", "default/ghost".getBytes(StandardCharsets.UTF_8), 0);
        ObjectNode kept = registry.writes().create(services, "default", svc("kept", "ClusterIP", null), ctx).object();
        int released = allocation.repair((owner, key) -> {
            String[] nn = owner.split("/", 2);
            return registry.find(services, nn[0], nn[1]).map(s -> ServiceAllocation.holds(s, key)).orElse(false);
        });
        assertThat(released).isEqualTo(1);
        assertThat(store.get(ServiceAllocation.IP_PREFIX + "10.96.0.77")).isEmpty();
        assertThat(store.get(ServiceAllocation.IP_PREFIX + Json.text(kept, "spec", "clusterIP"))).isPresent();
    }
}
