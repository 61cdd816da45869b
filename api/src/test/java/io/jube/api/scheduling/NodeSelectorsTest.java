package io.jube.api.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeSelectorsTest {
    private static final Map<String, String> LABELS = Map.of("zone", "a", "cpus", "8", "disk", "ssd");

    private static NodeSelectorRequirement req(String key, String op, String... values) {
        return new NodeSelectorRequirement(key, op, List.of(values));
    }

    private static NodeSelectorTerm exprs(NodeSelectorRequirement... rs) {
        return new NodeSelectorTermBuilder().withMatchExpressions(rs).build();
    }

    private static boolean matches(NodeSelectorRequirement r) {
        return NodeSelectors.matches(exprs(r), "node-1", LABELS);
    }

    @Test
    void operators() {
        assertThat(matches(req("zone", "In", "a", "b"))).isTrue();
        assertThat(matches(req("zone", "In", "b"))).isFalse();
        assertThat(matches(req("zone", "NotIn", "b"))).isTrue();
        assertThat(matches(req("zone", "NotIn", "a"))).isFalse();
        assertThat(matches(req("gpu", "NotIn", "x"))).as("NotIn holds for an absent label").isTrue();
        assertThat(matches(req("gpu", "In", "x"))).isFalse();
        assertThat(matches(req("disk", "Exists"))).isTrue();
        assertThat(matches(req("gpu", "Exists"))).isFalse();
        assertThat(matches(req("gpu", "DoesNotExist"))).isTrue();
        assertThat(matches(req("disk", "DoesNotExist"))).isFalse();
        assertThat(matches(req("zone", "Unknown", "a"))).isFalse();
    }

    @Test
    void gtAndLtCompareIntegersAndFailOnWhatDoesNotParse() {
        assertThat(matches(req("cpus", "Gt", "4"))).isTrue();
        assertThat(matches(req("cpus", "Gt", "8"))).isFalse();
        assertThat(matches(req("cpus", "Lt", "16"))).isTrue();
        assertThat(matches(req("cpus", "Lt", "8"))).isFalse();
        assertThat(matches(req("zone", "Gt", "1"))).as("label not an integer").isFalse();
        assertThat(matches(req("cpus", "Gt", "x"))).as("value not an integer").isFalse();
        assertThat(matches(req("cpus", "Gt", "1", "2"))).as("needs exactly one value").isFalse();
        assertThat(matches(req("cpus", "Gt"))).isFalse();
        assertThat(matches(req("gpu", "Lt", "5"))).as("absent label").isFalse();
    }

    @Test
    void expressionsAreAndedTermsOredAndAnEmptyTermMatchesNothing() {
        NodeSelectorTerm both = exprs(req("zone", "In", "a"), req("disk", "In", "hdd"));
        assertThat(NodeSelectors.matches(both, "node-1", LABELS)).isFalse();
        NodeSelector either = new NodeSelectorBuilder().withNodeSelectorTerms(both, exprs(req("disk", "In", "ssd"))).build();
        assertThat(NodeSelectors.matches(either, "node-1", LABELS)).isTrue();
        NodeSelector empty = new NodeSelectorBuilder().withNodeSelectorTerms(new NodeSelectorTerm()).build();
        assertThat(NodeSelectors.matches(empty, "node-1", LABELS)).isFalse();
        assertThat(NodeSelectors.matches(new NodeSelector(), "node-1", LABELS)).as("no terms").isFalse();
        assertThat(NodeSelectors.matches((NodeSelector) null, "node-1", LABELS)).as("no selector").isTrue();
    }

    @Test
    void matchFieldsSupportsMetadataNameOnly() {
        NodeSelectorTerm byName = new NodeSelectorTermBuilder().withMatchFields(req("metadata.name", "In", "node-1")).build();
        assertThat(NodeSelectors.matches(byName, "node-1", LABELS)).isTrue();
        assertThat(NodeSelectors.matches(byName, "node-2", LABELS)).isFalse();
        NodeSelectorTerm other = new NodeSelectorTermBuilder().withMatchFields(req("metadata.uid", "In", "node-1")).build();
        assertThat(NodeSelectors.matches(other, "node-1", LABELS)).isFalse();
        NodeSelectorTerm notName = new NodeSelectorTermBuilder().withMatchFields(req("metadata.name", "NotIn", "node-1"))
                .withMatchExpressions(req("zone", "In", "a")).build();
        assertThat(NodeSelectors.matches(notName, "node-2", LABELS)).isTrue();
        assertThat(NodeSelectors.matches(notName, "node-1", LABELS)).isFalse();
    }

    @Test
    void podNeedsItsNodeSelectorSubsetAndItsRequiredAffinity() {
        PodSpec plain = new PodSpecBuilder().withNodeSelector(Map.of("zone", "a")).build();
        assertThat(NodeSelectors.podMatches(plain, "node-1", LABELS)).isTrue();
        assertThat(NodeSelectors.podMatches(plain, "node-1", Map.of("zone", "b"))).isFalse();
        assertThat(NodeSelectors.podMatches(plain, "node-1", null)).isFalse();
        assertThat(NodeSelectors.podMatches(new PodSpec(), "node-1", null)).isTrue();

        PodSpec withAffinity = new PodSpecBuilder().withNodeSelector(Map.of("zone", "a")).withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().withNodeSelectorTerms(exprs(req("cpus", "Gt", "16")))
                .endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().build();
        assertThat(NodeSelectors.podMatches(withAffinity, "node-1", LABELS)).isFalse();
        assertThat(NodeSelectors.podMatches(withAffinity, "node-1", Map.of("zone", "a", "cpus", "32"))).isTrue();
    }
}
