package io.jube.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class TolerationsTest {
    private static final Taint GPU = new TaintBuilder().withKey("gpu").withValue("a100").withEffect("NoSchedule").build();

    private static Toleration tol(String key, String op, String value, String effect) {
        return new TolerationBuilder().withKey(key).withOperator(op).withValue(value).withEffect(effect).build();
    }

    @Test
    void equalIsTheDefaultOperatorAndComparesValues() {
        assertThat(Tolerations.tolerates(tol("gpu", null, "a100", null), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("gpu", "Equal", "a100", "NoSchedule"), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("gpu", "Equal", "h100", null), GPU)).isFalse();
        assertThat(Tolerations.tolerates(tol("gpu", "Equal", null, null), GPU)).isFalse();
        Taint noValue = new TaintBuilder().withKey("dedicated").withEffect("NoExecute").build();
        assertThat(Tolerations.tolerates(tol("dedicated", "Equal", "", null), noValue)).as("absent = empty value").isTrue();
    }

    @Test
    void existsIgnoresTheValueButNotTheKey() {
        assertThat(Tolerations.tolerates(tol("gpu", "Exists", null, null), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("tpu", "Exists", null, null), GPU)).isFalse();
    }

    @Test
    void emptyKeyWithExistsToleratesEveryTaintButWithEqualNothing() {
        assertThat(Tolerations.tolerates(tol(null, "Exists", null, null), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("", "Exists", null, "NoSchedule"), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("", "Exists", null, "NoExecute"), GPU)).as("effect still applies").isFalse();
        assertThat(Tolerations.tolerates(tol(null, "Equal", null, null), GPU)).isFalse();
        assertThat(Tolerations.tolerates(tol(null, null, null, null), GPU)).isFalse();
    }

    @Test
    void emptyEffectMatchesEveryEffectAndAnotherEffectNone() {
        assertThat(Tolerations.tolerates(tol("gpu", "Exists", null, ""), GPU)).isTrue();
        assertThat(Tolerations.tolerates(tol("gpu", "Exists", null, "PreferNoSchedule"), GPU)).isFalse();
    }

    @Test
    void unknownOperatorToleratesNothing() {
        assertThat(Tolerations.tolerates(tol("gpu", "Matches", "a100", null), GPU)).isFalse();
    }

    @Test
    void aListToleratesWhenAnyMemberDoes() {
        assertThat(Tolerations.tolerates(List.of(tol("x", "Exists", null, null), tol("gpu", "Exists", null, null)), GPU)).isTrue();
        assertThat(Tolerations.tolerates(List.of(tol("x", "Exists", null, null)), GPU)).isFalse();
        assertThat(Tolerations.tolerates(List.of(), GPU)).isFalse();
        assertThat(Tolerations.tolerates((List<Toleration>) null, GPU)).isFalse();
    }
}
