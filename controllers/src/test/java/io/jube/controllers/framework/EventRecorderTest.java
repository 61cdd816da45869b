package io.jube.controllers.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.jube.controllers.Cluster;
import io.jube.controllers.ControllerManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventRecorderTest {
    @TempDir
    Path tmp;

    @Test
    void repeatsAreAggregatedIntoOneEventWithACount() throws Exception {
        try (Cluster cluster = new Cluster(tmp);
             EventRecorder recorder = new EventRecorder(cluster.client(), "test-controller", "host-1")) {
            String ns = cluster.namespace("ev");
            ConfigMap cm = cluster.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("cfg").endMetadata().build()).create();
            recorder.normal(cm, "Synced", "synced once");
            recorder.normal(cm, "Synced", "synced once");
            recorder.normal(cm, "Synced", "synced once");
            recorder.warning(cm, "Broken", "something else");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Event> events = cluster.client().v1().events().inNamespace(ns).list().getItems();
                assertThat(events).hasSize(2);
                Event synced = events.stream().filter(e -> e.getReason().equals("Synced")).findFirst().orElseThrow();
                assertThat(synced.getCount()).isEqualTo(3);
                assertThat(synced.getType()).isEqualTo("Normal");
                assertThat(synced.getMetadata().getName()).matches("cfg\\.[0-9a-f]+");
                assertThat(synced.getSource().getComponent()).isEqualTo("test-controller");
                assertThat(synced.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
                assertThat(synced.getInvolvedObject().getUid()).isEqualTo(cm.getMetadata().getUid());
                assertThat(synced.getFirstTimestamp()).isNotNull();
                assertThat(synced.getLastTimestamp()).isNotNull();
            });
        }
    }

    @Test
    void unknownControllerNamesAreRejected() {
        var opts = ControllerManager.Options.defaults().withControllers(Set.of("replicaset", "nosuch"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ControllerManager(null, opts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nosuch");
    }
}
