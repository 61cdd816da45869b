package io.jube.controllers;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.agent.Clients;
import io.jube.apiserver.ApiServer;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Test fixture: a real API server on the real embedded store, and fabric8 clients to it. */
public final class Cluster implements AutoCloseable {
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private final EmbeddedStore store;
    private final ApiServer server;
    private final KubernetesClient client;
    private final String kubeconfig;

    public Cluster(Path tmp) throws Exception {
        store = EmbeddedStore.open(tmp.resolve("db"));
        server = new ApiServer(new ApiServer.Config(tmp, "127.0.0.1", 0, 0, List.of()), store).start();
        kubeconfig = Files.readString(server.kubeconfig());
        client = newClient();
    }

    /** Another client (each component gets its own, as separate processes would). */
    public KubernetesClient newClient() {
        Config config = Config.fromKubeconfig(kubeconfig);
        // the server's client key is EC in PKCS#8; fabric8 assumes RSA unless told (see report)
        config.setClientKeyAlgo("EC");
        return Clients.build(config);
    }

    public KubernetesClient client() {
        return client;
    }

    /** A fresh namespace, so tests sharing a server do not see each other's objects. */
    public String namespace(String prefix) {
        String ns = prefix + "-" + NAMESPACES.incrementAndGet();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        return ns;
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
    }
}
