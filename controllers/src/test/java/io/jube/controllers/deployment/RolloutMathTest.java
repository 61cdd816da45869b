package io.jube.controllers.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.jube.controllers.framework.TemplateHash;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutMathTest {
    static Deployment rolling(int replicas, IntOrString surge, IntOrString unavailable) {
        return new DeploymentBuilder().withNewSpec().withReplicas(replicas).withNewStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(surge).withMaxUnavailable(unavailable).endRollingUpdate()
                .endStrategy().endSpec().build();
    }

    @Test
    void percentagesRoundSurgeUpAndUnavailableDown() {
        Fenceposts f = Fenceposts.of(rolling(10, new IntOrString("25%"), new IntOrString("25%")));
        assertThat(f.maxSurge()).isEqualTo(3);
        assertThat(f.maxUnavailable()).isEqualTo(2);
    }

    @Test
    void bothZeroAllowsOneUnavailable() {
        Fenceposts f = Fenceposts.of(rolling(1, new IntOrString("10%"), new IntOrString("10%")));
        assertThat(f.maxSurge()).isEqualTo(1); // 0.1 rounds up
        assertThat(Fenceposts.of(rolling(3, new IntOrString(0), new IntOrString(0))).maxUnavailable()).isEqualTo(1);
    }

    @Test
    void maxUnavailableIsCappedAtReplicasAndZeroForRecreate() {
        assertThat(Fenceposts.maxUnavailable(rolling(2, new IntOrString(1), new IntOrString(5)))).isEqualTo(2);
        Deployment recreate = new DeploymentBuilder().withNewSpec().withReplicas(3).withNewStrategy().withType("Recreate")
                .endStrategy().endSpec().build();
        assertThat(Fenceposts.maxUnavailable(recreate)).isZero();
        assertThat(Fenceposts.maxSurge(recreate)).isZero();
    }

    @Test
    void malformedPercentIsAClearError() {
        assertThatThrownBy(() -> Fenceposts.of(rolling(3, new IntOrString("x%"), new IntOrString(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x%");
    }

    static PodTemplateSpec template(String image, Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec().build();
    }

    @Test
    void templateHashIsStableSafeAndIgnoresItsOwnLabel() {
        PodTemplateSpec a = template("nginx:1", Map.of("app", "web"));
        String h = TemplateHash.of(a, null);
        assertThat(h).matches("[bcdfghjklmnpqrstvwxz2456789]+");
        assertThat(TemplateHash.of(template("nginx:1", Map.of("app", "web")), null)).isEqualTo(h);
        assertThat(TemplateHash.of(template("nginx:1", Map.of("app", "web", "pod-template-hash", h)), null)).isEqualTo(h);
        assertThat(TemplateHash.of(template("nginx:2", Map.of("app", "web")), null)).isNotEqualTo(h);
        assertThat(TemplateHash.of(a, 1)).isNotEqualTo(h); // a collision count changes the name
        assertThat(TemplateHash.equalIgnoringHash(a, template("nginx:1", Map.of("app", "web", "pod-template-hash", h)))).isTrue();
    }
}
