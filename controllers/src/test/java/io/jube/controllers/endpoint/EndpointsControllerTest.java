package io.jube.controllers.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.SimCluster;
import io.jube.controllers.Cluster;
import io.jube.controllers.ControllerManager;
import io.jube.controllers.endpointslice.EndpointSliceController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints and EndpointSlices of Services, from pods run by a simulated node. */
class EndpointsControllerTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final String GATE = "example.com/warm";
    @TempDir
    static Path tmp;
    static Cluster cluster;
    static KubernetesClient client;
    static SimCluster nodes;
    static ControllerManager manager;
    String ns;

    @BeforeAll
    static void start() throws Exception {
        cluster = new Cluster(tmp);
        client = cluster.client();
        nodes = new SimCluster(cluster.newClient(), SimCluster.Options.defaults(1).withNamePrefix("ep-node-")).start();
        manager = new ControllerManager(cluster.newClient(), ControllerManager.Options.defaults().withLeaderElection(false)
                .withControllers(Set.of(EndpointsController.NAME, EndpointSliceController.NAME))).start();
    }

    @AfterAll
    static void stop() {
        manager.close();
        nodes.close();
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        ns = cluster.namespace("ep");
    }

    Pod pod(String name, boolean gated) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", "web")).endMetadata()
                .withNewSpec().withNodeName("ep-node-0").withHostname(name).withSubdomain("web")
                .addNewContainer().withName("c").withImage("nginx:1").addNewPort().withName("http").withContainerPort(8080)
                .endPort().endContainer().endSpec();
        if (gated) {
            b.editSpec().addNewReadinessGate().withConditionType(GATE).endReadinessGate().endSpec();
        }
        return client.pods().inNamespace(ns).resource(b.build()).create();
    }

    void service(String name, Map<String, String> selector) {
        var b = new ServiceBuilder().withNewMetadata().withName(name).withLabels(Map.of("tier", "front")).endMetadata()
                .withNewSpec().addNewPort().withName("web").withPort(80).withTargetPort(new IntOrString("http")).endPort()
                .endSpec();
        if (selector != null) {
            b.editSpec().withSelector(selector).endSpec();
        }
        client.services().inNamespace(ns).resource(b.build()).create();
    }

    Endpoints endpoints(String name) {
        return client.endpoints().inNamespace(ns).withName(name).get();
    }

    List<EndpointSlice> slices(String svc) {
        return client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel(EndpointSliceController.SERVICE_NAME, svc).list().getItems();
    }

    static int count(Endpoints e, boolean ready) {
        if (e == null || e.getSubsets() == null) {
            return 0;
        }
        return e.getSubsets().stream().mapToInt(s -> ready ? s.getAddresses().size() : s.getNotReadyAddresses().size()).sum();
    }

    @Test
    void readyAndNotReadyPodsAppearWithResolvedPorts() {
        service("web", Map.of("app", "web"));
        pod("a", false);
        pod("b", true);
        await().atMost(WAIT).until(() -> count(endpoints("web"), true) == 1 && count(endpoints("web"), false) == 1);
        Endpoints e = endpoints("web");
        assertThat(e.getMetadata().getLabels()).containsEntry("tier", "front");
        EndpointSubset s = e.getSubsets().get(0);
        assertThat(s.getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(8080);
            assertThat(p.getName()).isEqualTo("web");
            assertThat(p.getProtocol()).isEqualTo("TCP");
        });
        Pod a = client.pods().inNamespace(ns).withName("a").get();
        assertThat(s.getAddresses()).singleElement().satisfies(addr -> {
            assertThat(addr.getIp()).isEqualTo(a.getStatus().getPodIP());
            assertThat(addr.getNodeName()).isEqualTo("ep-node-0");
            assertThat(addr.getHostname()).isEqualTo("a");
            assertThat(addr.getTargetRef().getName()).isEqualTo("a");
            assertThat(addr.getTargetRef().getUid()).isEqualTo(a.getMetadata().getUid());
        });
        assertThat(s.getNotReadyAddresses()).singleElement().satisfies(addr -> assertThat(addr.getTargetRef().getName()).isEqualTo("b"));

        // the slice says the same with conditions
        await().atMost(WAIT).until(() -> slices("web").size() == 1 && slices("web").get(0).getEndpoints().size() == 2);
        EndpointSlice slice = slices("web").get(0);
        assertThat(slice.getMetadata().getLabels()).containsEntry(EndpointSliceController.MANAGED_BY, EndpointSliceController.CONTROLLER)
                .containsEntry("tier", "front");
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
        assertThat(slice.getMetadata().getOwnerReferences()).singleElement().satisfies(r -> assertThat(r.getKind()).isEqualTo("Service"));
        assertThat(slice.getEndpoints()).anySatisfy(ep -> {
            assertThat(ep.getTargetRef().getName()).isEqualTo("b");
            assertThat(ep.getConditions().getReady()).isFalse();
            assertThat(ep.getConditions().getServing()).isFalse();
            assertThat(ep.getConditions().getTerminating()).isFalse();
        });

        // the gate opens: b becomes ready
        client.pods().inNamespace(ns).withName("b").editStatus(p -> {
            p.getStatus().getConditions().add(new PodConditionBuilder().withType(GATE).withStatus("True").build());
            return p;
        });
        await().atMost(WAIT).until(() -> count(endpoints("web"), true) == 2 && count(endpoints("web"), false) == 0);
        await().atMost(WAIT).until(() -> slices("web").get(0).getEndpoints().stream().allMatch(ep -> ep.getConditions().getReady()));

        // settled: no rewrite loop
        String rv = endpoints("web").getMetadata().getResourceVersion();
        String sliceRv = slices("web").get(0).getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() ->
                rv.equals(endpoints("web").getMetadata().getResourceVersion())
                        && sliceRv.equals(slices("web").get(0).getMetadata().getResourceVersion()));

        // deleting a pod removes it
        client.pods().inNamespace(ns).withName("a").delete();
        await().atMost(WAIT).until(() -> count(endpoints("web"), true) == 1
                && slices("web").get(0).getEndpoints().size() == 1);
    }

    @Test
    void servicesWithoutSelectorsAreLeftAlone() {
        service("manual", null);
        service("probe", Map.of("app", "web"));
        pod("x", false);
        await().atMost(WAIT).until(() -> count(endpoints("probe"), true) == 1);
        assertThat(endpoints("manual")).isNull();
        assertThat(slices("manual")).isEmpty();
    }

    @Test
    void slicesHoldAtMostOneHundredEndpoints() {
        service("big", Map.of("app", "web"));
        for (int i = 0; i < 120; i++) {
            client.pods().inNamespace(ns).resource(new PodBuilder().withNewMetadata().withName("p" + i)
                    .withLabels(Map.of("app", "web")).endMetadata().withNewSpec().withNodeName("ep-node-0")
                    .addNewContainer().withName("c").withImage("nginx:1").addNewPort().withName("http")
                    .withContainerPort(8080).endPort().endContainer().endSpec().build()).create();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> slices("big").stream().mapToInt(s -> s.getEndpoints().size()).sum() == 120);
        assertThat(slices("big")).hasSize(2).allSatisfy(s -> assertThat(s.getEndpoints().size()).isLessThanOrEqualTo(100));
        client.services().inNamespace(ns).withName("big").delete();
        await().atMost(WAIT).until(() -> slices("big").isEmpty() && endpoints("big") == null);
    }
}
