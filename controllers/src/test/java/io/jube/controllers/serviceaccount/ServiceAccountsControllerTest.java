package io.jube.controllers.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jube.controllers.ControllerCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceAccountsControllerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir
    static Path tmp;
    static ControllerCluster env;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        env = ControllerCluster.start(tmp, Set.of("serviceaccount"));
        client = env.client();
    }

    @AfterAll
    static void stop() {
        env.close();
    }

    ServiceAccount defaultIn(String ns) {
        return client.serviceAccounts().inNamespace(ns).withName("default").get();
    }

    @Test
    void everyNamespaceGetsADefaultServiceAccountAgainWhenDeleted() {
        await().atMost(WAIT).until(() -> defaultIn("default") != null && defaultIn("kube-system") != null);
        String ns = env.namespace("sa");
        await().atMost(WAIT).until(() -> defaultIn(ns) != null);
        String firstUid = defaultIn(ns).getMetadata().getUid();

        client.serviceAccounts().inNamespace(ns).withName("default").delete();
        await().atMost(WAIT).until(() -> defaultIn(ns) != null && !firstUid.equals(defaultIn(ns).getMetadata().getUid()));
        assertThat(client.serviceAccounts().inNamespace(ns).list().getItems())
                .extracting(sa -> sa.getMetadata().getName()).containsExactly("default");
    }
}
