package io.jube.scheduler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jube.apiserver.ApiServer;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A real in-process API server on the real embedded store, plus helpers to create nodes and pods. */
final class Cluster implements AutoCloseable {
    final EmbeddedStore store;
    final ApiServer server;
    final KubernetesClient client;

    Cluster(Path tmp) throws Exception {
        store = EmbeddedStore.open(tmp.resolve("db"));
        server = new ApiServer(new ApiServer.Config(tmp, "127.0.0.1", 0, 0, List.of()), store).start();
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        config.setClientKeyAlgo("EC"); // the server issues EC keys; say so rather than rely on fabric8 guessing
        client = new KubernetesClientBuilder().withConfig(config).build();
    }

    /** A Ready node with the given allocatable cpu/memory, 110 pods, labels and taints. */
    Node node(String name, String cpu, String memory, Map<String, String> labels, Taint... taints) {
        Map<String, Quantity> res = Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory), "pods", new Quantity("110"));
        Node n = new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().withTaints(taints).endSpec()
                .withNewStatus().withCapacity(res).withAllocatable(res)
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus().build();
        Node created = client.nodes().resource(n).create();
        if (created.getStatus() == null || created.getStatus().getAllocatable() == null
                || created.getStatus().getAllocatable().isEmpty()) {
            created.setStatus(n.getStatus());
            created = client.nodes().resource(created).updateStatus();
        }
        return created;
    }

    static PodBuilder pod(String name, String cpu, String memory) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                .endResources().endContainer().endSpec();
        return b;
    }

    Pod create(Pod p) {
        return client.pods().inNamespace(p.getMetadata().getNamespace() == null ? "default" : p.getMetadata().getNamespace())
                .resource(p).create();
    }

    Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    String nodeOf(String name) {
        Pod p = get(name);
        return p == null ? null : p.getSpec().getNodeName();
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
    }
}
