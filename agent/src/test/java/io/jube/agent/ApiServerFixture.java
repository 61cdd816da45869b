package io.jube.agent;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.apiserver.ApiServer;
import io.jube.store.embedded.EmbeddedStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A real in-process API server on the real embedded store, and a fabric8 client for it. */
final class ApiServerFixture implements AutoCloseable {
    final EmbeddedStore store;
    final ApiServer server;
    final KubernetesClient client;

    ApiServerFixture(Path tmp) throws Exception {
        store = EmbeddedStore.open(tmp.resolve("db"));
        server = new ApiServer(new ApiServer.Config(tmp, "127.0.0.1", 0, 0, List.of()), store).start();
        Config config = Config.fromKubeconfig(Files.readString(server.kubeconfig()));
        config.setClientKeyAlgo("EC"); // the server's client key is EC (PKCS#8); fabric8 assumes RSA unless told
        client = Clients.build(config);
    }

    Path kubeconfig() {
        return server.kubeconfig();
    }

    @Override
    public void close() {
        client.close();
        server.close();
        store.close();
    }
}
