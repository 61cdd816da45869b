package io.jube.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisruptionTest {
    static Node node(String zone, String ready) {
        return new NodeBuilder().withNewMetadata().withName(zone + ready + Math.random()).addToLabels(Disruption.ZONE_LABEL, zone)
                .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus(ready).endCondition().endStatus().build();
    }

    static List<Node> zone(String name, int ready, int notReady) {
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < ready; i++) {
            out.add(node(name, "True"));
        }
        for (int i = 0; i < notReady; i++) {
            out.add(node(name, "Unknown"));
        }
        return out;
    }

    @Test
    void zoneStatesFollowKubernetesThresholds() {
        List<Node> nodes = new ArrayList<>();
        nodes.addAll(zone("a", 1, 1));   // normal: at most 2 not ready
        nodes.addAll(zone("b", 2, 3));   // partial: 3 of 5 >= 55%
        nodes.addAll(zone("c", 0, 2));   // full
        nodes.addAll(zone("d", 5, 3));   // normal: 3 of 8 < 55%
        Disruption d = new Disruption(nodes);
        assertThat(d.state("a")).isEqualTo(Disruption.State.NORMAL);
        assertThat(d.state("b")).isEqualTo(Disruption.State.PARTIAL);
        assertThat(d.state("c")).isEqualTo(Disruption.State.FULL);
        assertThat(d.state("d")).isEqualTo(Disruption.State.NORMAL);
        assertThat(d.mayEvict("a")).isTrue();
        assertThat(d.mayEvict("b")).isFalse(); // a small zone stops evicting
        assertThat(d.mayEvict("c")).isFalse();
        assertThat(d.allZonesFullyDisrupted()).isFalse();
        assertThat(new Disruption(zone("x", 0, 1)).allZonesFullyDisrupted()).isTrue();
        assertThat(new Disruption(zone("big", 20, 40)).mayEvict("big")).isTrue();
    }
}
