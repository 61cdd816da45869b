package io.jube.api.apply;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The trie against plain sets of paths, which is what FieldSet means. */
class FieldSetTrieTest {
    static final String[] ELEMENTS = {"f:a", "f:b", "f:metadata", "f:spec", "k:{\"name\":\"x\"}",
        "k:{\"containerPort\":80,\"protocol\":\"TCP\"}", "v:\"a\"", "v:1", "i:0", "i:10", "f:Z", "f:é"};

    static List<String> randomPath(Random r) {
        int length = 1 + r.nextInt(4);
        List<String> p = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            p.add(ELEMENTS[r.nextInt(ELEMENTS.length)]);
        }
        return p;
    }

    static Set<List<String>> randomSet(Random r) {
        Set<List<String>> s = new LinkedHashSet<>();
        int n = r.nextInt(25);
        for (int i = 0; i < n; i++) {
            List<String> p = randomPath(r);
            s.add(p);
            if (r.nextInt(3) == 0) {
                s.add(p.subList(0, r.nextInt(p.size()) + 1)); // members with members below
            }
        }
        return s;
    }

    /** FieldsV1 as the set form encodes it: a tree of sorted maps, "." for a member with children. */
    static ObjectNode referenceFieldsV1(Set<List<String>> paths) {
        TreeMap<String, Object> root = new TreeMap<>();
        Set<List<String>> members = new HashSet<>(paths);
        for (List<String> p : paths) {
            TreeMap<String, Object> n = root;
            for (String e : p) {
                @SuppressWarnings("unchecked")
                TreeMap<String, Object> next = (TreeMap<String, Object>) n.computeIfAbsent(e, x -> new TreeMap<String, Object>());
                n = next;
            }
        }
        return encode(root, List.of(), members);
    }

    @SuppressWarnings("unchecked")
    static ObjectNode encode(TreeMap<String, Object> node, List<String> path, Set<List<String>> members) {
        ObjectNode out = Json.object();
        if (members.contains(path) && !node.isEmpty()) {
            out.set(".", Json.object());
        }
        node.forEach((k, v) -> {
            List<String> child = new ArrayList<>(path);
            child.add(k);
            out.set(k, encode((TreeMap<String, Object>) v, child, members));
        });
        return out;
    }

    static void assertSame(FieldSet actual, Set<List<String>> expected) {
        assertThat(actual.paths()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(actual.paths()).hasSize(expected.size());
        assertThat(actual.isEmpty()).isEqualTo(expected.isEmpty());
        assertThat(actual).isEqualTo(FieldSet.of(expected));
        assertThat(actual.hashCode()).isEqualTo(FieldSet.of(expected).hashCode());
    }

    @Test
    void setOperationsAgreeWithPlainSets() {
        Random r = new Random(42);
        for (int round = 0; round < 500; round++) {
            Set<List<String>> a = randomSet(r);
            Set<List<String>> b = r.nextInt(4) == 0 ? new LinkedHashSet<>(a) : randomSet(r);
            if (r.nextBoolean()) {
                b.addAll(new ArrayList<>(a).subList(0, a.size() / 2)); // overlap
            }
            FieldSet x = FieldSet.of(a);
            FieldSet y = FieldSet.of(b);
            assertSame(x, a);

            Set<List<String>> union = new LinkedHashSet<>(a);
            union.addAll(b);
            assertSame(x.union(y), union);
            assertSame(y.union(x), union);

            Set<List<String>> minus = new LinkedHashSet<>(a);
            minus.removeAll(b);
            assertSame(x.minus(y), minus);

            Set<List<String>> intersect = new LinkedHashSet<>(a);
            intersect.retainAll(b);
            assertSame(x.intersect(y), intersect);
            assertSame(y.intersect(x), intersect);

            assertThat(x.equals(y)).isEqualTo(a.equals(b));
        }
    }

    @Test
    void containsAndHasDescendantAgreeWithPlainSets() {
        Random r = new Random(7);
        for (int round = 0; round < 300; round++) {
            Set<List<String>> a = randomSet(r);
            FieldSet x = FieldSet.of(a);
            List<List<String>> probes = new ArrayList<>();
            probes.add(List.of());
            for (List<String> p : a) {
                for (int i = 0; i <= p.size(); i++) {
                    probes.add(p.subList(0, i));
                }
            }
            for (int i = 0; i < 20; i++) {
                probes.add(randomPath(r));
            }
            for (List<String> probe : probes) {
                assertThat(x.contains(probe)).as("%s contains %s", a, probe).isEqualTo(a.contains(probe));
                assertThat(x.paths().contains(probe)).isEqualTo(a.contains(probe));
                boolean below = a.stream().anyMatch(p -> p.size() > probe.size() && p.subList(0, probe.size()).equals(probe));
                assertThat(x.hasDescendant(probe)).as("%s below %s", a, probe).isEqualTo(below);
            }
        }
    }

    @Test
    void fieldsV1MatchesTheSetEncodingAndRoundTrips() {
        Random r = new Random(3);
        for (int round = 0; round < 300; round++) {
            Set<List<String>> a = randomSet(r);
            FieldSet x = FieldSet.of(a);
            ObjectNode expected = referenceFieldsV1(a);
            assertThat(Json.string(x.toFieldsV1())).isEqualTo(Json.string(expected));
            assertThat(x.toString()).isEqualTo(Json.string(expected));
            assertSame(FieldSet.fromFieldsV1(expected), a);
            assertSame(FieldSet.fromFieldsV1(Json.parse(Json.bytes(x.toFieldsV1()))), a);
        }
    }

    @Test
    void fieldsV1DotMarksAMemberWithMembersBelow() {
        FieldSet set = FieldSet.fromFieldsV1(Json.parse("""
                {"f:spec":{"f:containers":{".":{},"k:{\\"name\\":\\"a\\"}":{".":{},"f:image":{}}},
                "f:ports":{"k:{\\"containerPort\\":80,\\"protocol\\":\\"TCP\\"}":{}}},
                "f:metadata":{"f:finalizers":{"v:\\"x\\"":{},".":{}}},"f:items":{"i:0":{}}}""".getBytes()));
        assertSame(set, Set.of(
                List.of("f:spec", "f:containers"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"a\"}"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"a\"}", "f:image"),
                List.of("f:spec", "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}"),
                List.of("f:metadata", "f:finalizers"),
                List.of("f:metadata", "f:finalizers", "v:\"x\""),
                List.of("f:items", "i:0")));
        // Written back sorted, "." first.
        assertThat(Json.string(set.toFieldsV1())).isEqualTo("{\"f:items\":{\"i:0\":{}},"
                + "\"f:metadata\":{\"f:finalizers\":{\".\":{},\"v:\\\"x\\\"\":{}}},"
                + "\"f:spec\":{\"f:containers\":{\".\":{},\"k:{\\\"name\\\":\\\"a\\\"}\":{\".\":{},\"f:image\":{}}},"
                + "\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{}}}}");
    }

    @Test
    void aDotAtTheTopOrAloneAddsNoPathAbove() {
        assertThat(FieldSet.fromFieldsV1(json("{'.':{}}"))).isEqualTo(FieldSet.EMPTY);
        assertThat(FieldSet.fromFieldsV1(json("{}")).isEmpty()).isTrue();
        assertSame(FieldSet.fromFieldsV1(json("{'f:a':{'.':{}}}")), Set.of(List.of("f:a")));
    }

    @Test
    void malformedFieldsV1IsStillRejectedDeepDown() {
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(json("{'f:a':{'f:b':{'x':{}}}}")))
                .hasMessageContaining("unknown path element \"x\"");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 102; i++) {
            deep.append("{\"f:a\":");
        }
        deep.append("{}").append("}".repeat(102));
        assertThatThrownBy(() -> FieldSet.fromFieldsV1(Json.parse(deep.toString().getBytes())))
                .hasMessageContaining("nested too deeply");
    }

    @Test
    void operationsShareWhatTheyLeaveUnchanged() {
        FieldSet spec = FieldSet.of(List.of(List.of("f:spec", "f:replicas"), List.of("f:spec", "f:template", "f:x")));
        FieldSet status = FieldSet.of(List.of(List.of("f:status", "f:phase")));
        FieldSet both = spec.union(status);
        assertThat(both.union(spec)).isSameAs(both);
        assertThat(spec.union(FieldSet.EMPTY)).isSameAs(spec);
        assertThat(FieldSet.EMPTY.union(spec)).isSameAs(spec);
        assertThat(spec.minus(status)).isSameAs(spec);
        assertThat(both.intersect(both)).isSameAs(both);
        assertThat(both.minus(both)).isEqualTo(FieldSet.EMPTY);
        assertThat(both.minus(status)).isEqualTo(spec);
    }

    @Test
    void pathsIsAnUnmodifiableViewInFieldsV1Order() {
        FieldSet set = FieldSet.of(List.of(List.of("f:b"), List.of("f:a", "f:x"), List.of("f:a")));
        assertThat(set.paths()).containsExactly(List.of("f:a"), List.of("f:a", "f:x"), List.of("f:b"));
        assertThatThrownBy(() -> set.paths().add(List.of("f:c"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> set.paths().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(set.paths()).isEqualTo(Set.of(List.of("f:a"), List.of("f:a", "f:x"), List.of("f:b")));
    }

    @Test
    void theEmptyPathCanBeAMember() {
        FieldSet root = FieldSet.of(List.of(List.of(), List.of("f:a")));
        assertThat(root.contains(List.of())).isTrue();
        assertThat(root.paths()).containsExactly(List.of(), List.of("f:a"));
        assertThat(root.minus(FieldSet.of(List.of(List.of())))).isEqualTo(FieldSet.of(List.of(List.of("f:a"))));
    }
}
