package io.jube.controllers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeaderElectionTest {
    @TempDir
    Path tmp;

    static ControllerManager.Options options(String id) {
        return ControllerManager.Options.defaults().withIdentity(id).withControllers(Set.of("replicaset"))
                .withLeaseTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofMillis(300));
    }

    @Test
    void oneManagerLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        try (Cluster cluster = new Cluster(tmp);
             KubernetesClient c1 = cluster.newClient();
             KubernetesClient c2 = cluster.newClient()) {
            ControllerManager a = new ControllerManager(c1, options("a")).start();
            await().atMost(Duration.ofSeconds(20)).until(a::isLeading);
            ControllerManager b = new ControllerManager(c2, options("b")).start();
            try {
                Lease lease = cluster.client().leases().inNamespace("kube-system").withName("kube-controller-manager").get();
                assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("a");
                assertThat(b.isLeading()).isFalse();

                a.close(); // releases the lease
                await().atMost(Duration.ofSeconds(20)).until(b::isLeading);
                assertThat(cluster.client().leases().inNamespace("kube-system").withName("kube-controller-manager").get()
                        .getSpec().getHolderIdentity()).isEqualTo("b");

                // the new leader's controllers work
                String ns = cluster.namespace("le");
                cluster.client().apps().replicaSets().inNamespace(ns).resource(new ReplicaSetBuilder()
                        .withNewMetadata().withName("r").endMetadata().withNewSpec().withReplicas(2)
                        .withNewSelector().withMatchLabels(Map.of("a", "b")).endSelector()
                        .withNewTemplate().withNewMetadata().withLabels(Map.of("a", "b")).endMetadata()
                        .withNewSpec().addNewContainer().withName("c").withImage("i").endContainer().endSpec()
                        .endTemplate().endSpec().build()).create();
                await().atMost(Duration.ofSeconds(20)).until(() ->
                        cluster.client().pods().inNamespace(ns).list().getItems().size() == 2);
                assertThat(b.metrics().get("replicaset").reconciles()).isPositive();
            } finally {
                b.close();
            }
        }
    }
}
