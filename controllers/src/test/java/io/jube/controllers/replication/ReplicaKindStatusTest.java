package io.jube.controllers.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.jube.controllers.replicaset.ReplicaSetKind;
import io.jube.controllers.replicaset.ReplicaStatus;
import org.junit.jupiter.api.Test;

/** Both replica kinds read and write the same status through the shared code. */
class ReplicaKindStatusTest {
    private static final ReplicaStatus FAILING = new ReplicaStatus(3, 3, 2, 1, 4, "FailedCreate", "quota");

    @Test
    void replicationControllerStatusRoundTripsAndKeepsOtherConditions() {
        ReplicationController rc = new ReplicationControllerBuilder().withNewMetadata().withName("rc").endMetadata()
                .withNewSpec().endSpec()
                .withNewStatus().addNewCondition().withType("Other").withStatus("True").endCondition().endStatus().build();
        var kind = new ReplicationControllerKind();

        ReplicationController first = kind.withStatus(rc, FAILING, "2024-01-01T00:00:00Z");
        assertThat(kind.status(first)).isEqualTo(FAILING);
        assertThat(first.getStatus().getConditions()).extracting("type").containsExactly("Other", "ReplicaFailure");
        assertThat(rc.getStatus().getReplicas()).as("the cached object is not modified").isNull();

        // the failure stays: its transition time stays too
        ReplicationController second = kind.withStatus(first, FAILING, "2024-02-02T00:00:00Z");
        assertThat(second.getStatus().getConditions().get(1).getLastTransitionTime()).isEqualTo("2024-01-01T00:00:00Z");

        // the failure clears: the condition goes
        ReplicaStatus ok = new ReplicaStatus(3, 3, 3, 3, 5, null, null);
        ReplicationController third = kind.withStatus(second, ok, "2024-03-03T00:00:00Z");
        assertThat(kind.status(third)).isEqualTo(ok);
        assertThat(third.getStatus().getConditions()).extracting("type").containsExactly("Other");
    }

    @Test
    void replicaSetStatusRoundTripsAndAbsentStatusReadsAsZero() {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("rs").endMetadata().withNewSpec().endSpec().build();
        var kind = new ReplicaSetKind();
        assertThat(kind.status(rs)).isEqualTo(new ReplicaStatus(0, 0, 0, 0, 0, null, null));
        assertThat(kind.replicas(rs)).isEqualTo(1);
        assertThat(kind.status(kind.withStatus(rs, FAILING, "2024-01-01T00:00:00Z"))).isEqualTo(FAILING);
    }
}
