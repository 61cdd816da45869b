package io.jube.scheduler.plugins;

import static io.jube.scheduler.plugins.Fixtures.info;
import static io.jube.scheduler.plugins.Fixtures.nodeInfo;
import static io.jube.scheduler.plugins.Fixtures.on;
import static io.jube.scheduler.plugins.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.jube.api.selector.LabelSelector;
import io.jube.scheduler.framework.ClusterLister;
import io.jube.scheduler.framework.CycleState;
import io.jube.scheduler.framework.NodeInfo;
import io.jube.scheduler.framework.PodInfo;
import io.jube.scheduler.framework.Snapshot;
import io.jube.scheduler.framework.Status;
import io.jube.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.jube.scheduler.plugins.podtopologyspread.PodTopologySpread;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AffinityAndSpreadTest {
    private static final String ZONE = "topology.kubernetes.io/zone";

    private static PodBuilder app(String name, String app) {
        return pod(name, "0", "0").editMetadata().addToLabels("app", app).endMetadata();
    }

    private static PodBuilder withAffinity(PodBuilder b, boolean anti, String app, String key) {
        var spec = b.editSpec().withNewAffinity();
        if (anti) {
            spec.withNewPodAntiAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey(key)
                    .withNewLabelSelector().addToMatchLabels("app", app).endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity();
        } else {
            spec.withNewPodAffinity().addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey(key)
                    .withNewLabelSelector().addToMatchLabels("app", app).endLabelSelector()
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity();
        }
        return spec.endAffinity().endSpec();
    }

    private static Status run(Object plugin, PodInfo p, Snapshot snap, NodeInfo n) {
        CycleState s = new CycleState();
        if (plugin instanceof InterPodAffinity ipa) {
            Status pre = ipa.preFilter(s, p, snap);
            return pre.isSkip() ? Status.SUCCESS : ipa.filter(s, p, n);
        }
        PodTopologySpread pts = (PodTopologySpread) plugin;
        Status pre = pts.preFilter(s, p, snap);
        return pre.isSkip() ? Status.SUCCESS : pts.filter(s, p, n);
    }

    @Test
    void requiredAffinityFollowsMatchingPodsByZone() {
        NodeInfo a1 = nodeInfo("a1", "1", "1Gi", Map.of(ZONE, "a")).withPod(on(app("db", "db"), "a1"));
        NodeInfo a2 = nodeInfo("a2", "1", "1Gi", Map.of(ZONE, "a"));
        NodeInfo b1 = nodeInfo("b1", "1", "1Gi", Map.of(ZONE, "b"));
        Snapshot snap = Snapshot.of(a1, a2, b1);
        InterPodAffinity ipa = new InterPodAffinity(ClusterLister.EMPTY);
        PodInfo web = info(withAffinity(app("web", "web"), false, "db", ZONE).build());
        assertThat(run(ipa, web, snap, a2).isSuccess()).isTrue();
        assertThat(run(ipa, web, snap, b1).reasons()).containsExactly("node(s) didn't match pod affinity rules");
    }

    @Test
    void firstPodOfSelfAffineGroupMayGoAnywhere() {
        Snapshot snap = Snapshot.of(nodeInfo("a1", "1", "1Gi", Map.of(ZONE, "a")));
        PodInfo first = info(withAffinity(app("w0", "w"), false, "w", ZONE).build());
        assertThat(run(new InterPodAffinity(ClusterLister.EMPTY), first, snap, snap.nodes().get(0)).isSuccess()).isTrue();
    }

    @Test
    void antiAffinityBothWays() {
        NodeInfo n1 = nodeInfo("n1", "1", "1Gi", Map.of("kubernetes.io/hostname", "n1"))
                .withPod(on(withAffinity(app("guard", "guard"), true, "web", "kubernetes.io/hostname"), "n1"));
        NodeInfo n2 = nodeInfo("n2", "1", "1Gi", Map.of("kubernetes.io/hostname", "n2")).withPod(on(app("other", "x"), "n2"));
        Snapshot snap = Snapshot.of(n1, n2);
        InterPodAffinity ipa = new InterPodAffinity(ClusterLister.EMPTY);
        // the existing pod's anti-affinity keeps web off n1 (symmetry)
        Status s = run(ipa, info(app("web", "web").build()), snap, n1);
        assertThat(s.reasons()).containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(run(ipa, info(app("web", "web").build()), snap, n2).isSuccess()).isTrue();
        // the incoming pod's anti-affinity keeps it off nodes with app=x
        PodInfo avoid = info(withAffinity(app("p", "p"), true, "x", "kubernetes.io/hostname").build());
        assertThat(run(ipa, avoid, snap, n2).reasons()).containsExactly("node(s) didn't match pod anti-affinity rules");
    }

    @Test
    void namespaceSelectorWidensTerms() {
        NodeInfo n1 = nodeInfo("n1", "1", "1Gi", Map.of("h", "n1")).withPod(Fixtures.info(
                app("db", "db").editMetadata().withNamespace("prod").endMetadata().editSpec().withNodeName("n1").endSpec().build()));
        Snapshot snap = Snapshot.of(n1);
        ClusterLister lister = new ClusterLister() {
            public io.fabric8.kubernetes.api.model.PersistentVolumeClaim pvc(String ns, String n) { return null; }
            public io.fabric8.kubernetes.api.model.PersistentVolume pv(String n) { return null; }
            public List<io.fabric8.kubernetes.api.model.PersistentVolume> pvs() { return List.of(); }
            public io.fabric8.kubernetes.api.model.storage.StorageClass storageClass(String n) { return null; }
            public Map<String, String> namespaceLabels(String ns) { return ns.equals("prod") ? Map.of("env", "prod") : Map.of(); }
            public List<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget> pdbs(String ns) { return List.of(); }
        };
        PodInfo sameNsOnly = info(withAffinity(app("w", "w"), true, "db", "h").build());
        assertThat(run(new InterPodAffinity(lister), sameNsOnly, snap, n1).isSuccess()).isTrue();
        PodInfo crossNs = info(app("w", "w").editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("h")
                .withNewLabelSelector().addToMatchLabels("app", "db").endLabelSelector()
                .withNewNamespaceSelector().addToMatchLabels("env", "prod").endNamespaceSelector()
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec().build());
        assertThat(run(new InterPodAffinity(lister), crossNs, snap, n1).isSuccess()).isFalse();
    }

    private static PodBuilder spread(String name, int maxSkew, String key, Integer minDomains) {
        return app(name, "s").editSpec().addNewTopologySpreadConstraint().withMaxSkew(maxSkew).withTopologyKey(key)
                .withWhenUnsatisfiable("DoNotSchedule").withMinDomains(minDomains)
                .withNewLabelSelector().addToMatchLabels("app", "s").endLabelSelector().endTopologySpreadConstraint().endSpec();
    }

    @Test
    void topologySpreadKeepsSkewWithinMaxSkew() {
        NodeInfo a = nodeInfo("a", "1", "1Gi", Map.of(ZONE, "a")).withPod(on(app("s1", "s"), "a")).withPod(on(app("s2", "s"), "a"));
        NodeInfo b = nodeInfo("b", "1", "1Gi", Map.of(ZONE, "b")).withPod(on(app("s3", "s"), "b"));
        NodeInfo nolabel = nodeInfo("c", "1", "1Gi", Map.of());
        Snapshot snap = Snapshot.of(a, b, nolabel);
        PodTopologySpread pts = new PodTopologySpread();
        PodInfo p = info(spread("new", 1, ZONE, null).build());
        assertThat(run(pts, p, snap, a).reasons()).containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(run(pts, p, snap, b).isSuccess()).isTrue();
        assertThat(run(pts, p, snap, nolabel).reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
        // with minDomains 3 and only 2 domains the global minimum counts as 0: even b (1 pod) is too skewed
        PodInfo needs3 = info(spread("new", 1, ZONE, 3).build());
        assertThat(run(pts, needs3, snap, b).isSuccess()).isFalse();
    }

    @Test
    void scheduleAnywaySpreadPrefersEmptierDomain() {
        NodeInfo a = nodeInfo("a", "1", "1Gi", Map.of(ZONE, "a")).withPod(on(app("s1", "s"), "a"));
        NodeInfo b = nodeInfo("b", "1", "1Gi", Map.of(ZONE, "b"));
        Snapshot snap = Snapshot.of(a, b);
        PodInfo p = info(app("n", "s").editSpec().addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(ZONE)
                .withWhenUnsatisfiable("ScheduleAnyway").withNewLabelSelector().addToMatchLabels("app", "s").endLabelSelector()
                .endTopologySpreadConstraint().endSpec().build());
        PodTopologySpread pts = new PodTopologySpread();
        CycleState s = new CycleState();
        pts.preScore(s, p, snap, List.of(a, b));
        long[] scores = {pts.score(s, p, a), pts.score(s, p, b)};
        pts.normalize(s, p, scores);
        assertThat(scores[1]).isGreaterThan(scores[0]);
    }

    /** The nodes of {@code snap} PodTopologySpread's Filter accepts for {@code p}. */
    private static List<String> accepted(PodInfo p, Snapshot snap) {
        PodTopologySpread pts = new PodTopologySpread();
        return snap.nodes().stream().filter(n -> run(pts, p, snap, n).isSuccess()).map(NodeInfo::name).toList();
    }

    private static NodeInfo zoneNode(String zone, PodBuilder... pods) {
        NodeInfo n = nodeInfo(zone, "1", "1Gi", Map.of(ZONE, zone, "pool", "x"));
        for (PodBuilder b : pods) {
            n = n.withPod(on(b, zone));
        }
        return n;
    }

    @Test
    void spreadCountsLiveMatchingPodsOfTheNamespaceAndEmptyDomainsAsZero() {
        // zone a: one live match, plus a terminating one and one in another namespace, which do not count
        PodBuilder deleting = app("gone", "s").editMetadata().withDeletionTimestamp("2024-01-01T00:00:00Z").endMetadata();
        PodBuilder elsewhere = app("other-ns", "s").editMetadata().withNamespace("other").endMetadata();
        NodeInfo a = zoneNode("a", app("a1", "s"), deleting, elsewhere);
        NodeInfo b = zoneNode("b", app("b1", "s"));
        NodeInfo c = zoneNode("c", app("c1", "s"), app("c2", "x"));
        PodInfo oneLabel = info(spread("new", 1, ZONE, null).build());
        // selector with two requirements (counted pod by pod) and a pod whose nodeSelector makes every node's
        // domain register explicitly: both must agree with the single-label count
        PodInfo twoLabels = info(app("new2", "s").editMetadata().addToLabels("tier", "t").endMetadata().editSpec()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey(ZONE).withWhenUnsatisfiable("DoNotSchedule")
                .withNewLabelSelector().addToMatchLabels("app", "s").addNewMatchExpression().withKey("tier")
                .withOperator("DoesNotExist").endMatchExpression().endLabelSelector().endTopologySpreadConstraint()
                .endSpec().build());
        PodInfo withNodeSelector = info(spread("new3", 1, ZONE, null).editSpec().addToNodeSelector("pool", "x").endSpec().build());

        Snapshot even = Snapshot.of(a, b, c);
        for (PodInfo p : List.of(oneLabel, withNodeSelector)) {
            assertThat(accepted(p, even)).as(p.name()).containsExactly("a", "b", "c");
        }
        // an empty zone makes the minimum 0: only it can take the next pod
        Snapshot withEmpty = Snapshot.of(a, b, c, zoneNode("d"));
        for (PodInfo p : List.of(oneLabel, withNodeSelector)) {
            assertThat(accepted(p, withEmpty)).as(p.name()).containsExactly("d");
        }
        // the two-requirement selector (app=s, no tier label) ignores the incoming pod itself but counts the same
        assertThat(accepted(twoLabels, even)).containsExactly("a", "b", "c");
        assertThat(accepted(twoLabels, withEmpty)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void labelIndexFindsTheNodesRunningPodsASelectorMayMatchAndFollowsPodChanges() {
        NodeInfo n1 = nodeInfo("n1", "1", "1Gi", Map.of()).withPod(on(app("a", "web"), "n1"));
        NodeInfo n2 = nodeInfo("n2", "1", "1Gi", Map.of()).withPod(on(app("b", "db"), "n2"));
        NodeInfo n3 = nodeInfo("n3", "1", "1Gi", Map.of());
        Snapshot snap = Snapshot.of(n1, n2, n3);
        LabelSelector web = LabelSelector.parse("app=web");
        assertThat(names(snap, snap.mayRunPodsMatching(Set.of("default"), web))).containsExactly("n1");
        assertThat(names(snap, snap.mayRunPodsMatching(Set.of("default"), LabelSelector.parse("app in (db,web)"))))
                .containsExactly("n1", "n2");
        assertThat(names(snap, snap.mayRunPodsMatching(Set.of("other"), web))).isEmpty(); // pods are namespaced
        assertThat(snap.mayRunPodsMatching(Set.of("default"), LabelSelector.parse("app"))).isNull(); // no value to look up
        assertThat(snap.mayRunPodsMatching(Set.of("default"), LabelSelector.parse("app!=db"))).isNull();

        snap.update(snap.get("n3").withPod(on(app("c", "web"), "n3")));
        snap.update(snap.get("n1").withoutPod("default/a"));
        assertThat(names(snap, snap.mayRunPodsMatching(Set.of("default"), web))).containsExactly("n3");
        snap.update(snap.get("n3").withNode(Fixtures.node("n3", "2", "1Gi", Map.of("k", "v")))); // node change, same pods
        assertThat(names(snap, snap.mayRunPodsMatching(Set.of("default"), web))).containsExactly("n3");

        Snapshot fresh = Snapshot.of(n1, n2, n3); // the index is built on first use: changes before it count too
        fresh.update(n3.withPod(on(app("d", "web"), "n3")));
        assertThat(names(fresh, fresh.mayRunPodsMatching(Set.of("default"), web))).containsExactly("n1", "n3");
    }

    @Test
    void antiAffinityAndSpreadDecideTheSameWhetherOrNotTheLabelIndexNarrowsTheirSelector() {
        // "app in (web)" is narrowed by the index; "app notin (x, y)" with "app" present cannot be, so it visits every node
        String host = "kubernetes.io/hostname";
        NodeInfo[] nodes = new NodeInfo[6];
        for (int i = 0; i < nodes.length; i++) {
            NodeInfo n = nodeInfo("n" + i, "4", "4Gi", Map.of(host, "n" + i, ZONE, i < 3 ? "a" : "b"));
            nodes[i] = i % 2 == 0 ? n.withPod(on(app("w" + i, "web"), "n" + i)) : n.withPod(on(app("o" + i, "x"), "n" + i));
        }
        Snapshot snap = Snapshot.of(nodes);
        InterPodAffinity ipa = new InterPodAffinity(ClusterLister.EMPTY);
        for (String selector : List.of("app in (web)", "app,app notin (x,y)")) {
            var indexed = new PodBuilder(app("new", "web").build()).editSpec().withNewAffinity().withNewPodAntiAffinity()
                    .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey(host)
                    .withLabelSelector(labelSelector(selector)).endRequiredDuringSchedulingIgnoredDuringExecution()
                    .endPodAntiAffinity().endAffinity().endSpec().build();
            PodInfo p = info(indexed);
            List<Boolean> fits = java.util.Arrays.stream(nodes).map(n -> run(ipa, p, snap, n).isSuccess()).toList();
            assertThat(fits).as("anti-affinity " + selector).containsExactly(false, true, false, true, false, true);
            // one web pod per even node, none on odd ones: a second on an even node makes the skew 2
            PodInfo spread = info(new PodBuilder(app("s", "web").build()).editSpec().withTopologySpreadConstraints(
                    new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(host)
                            .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(labelSelector(selector)).build())
                    .endSpec().build());
            PodTopologySpread pts = new PodTopologySpread();
            fits = java.util.Arrays.stream(nodes).map(n -> run(pts, spread, snap, n).isSuccess()).toList();
            assertThat(fits).as("spread " + selector).containsExactly(false, true, false, true, false, true);
        }
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector labelSelector(String s) {
        var b = new io.fabric8.kubernetes.api.model.LabelSelectorBuilder();
        for (var r : LabelSelector.parse(s).requirements()) {
            String op = switch (r.operator()) {
                case IN -> "In";
                case NOT_IN -> "NotIn";
                case EXISTS -> "Exists";
                default -> throw new IllegalArgumentException(s);
            };
            b.addNewMatchExpression().withKey(r.key()).withOperator(op).withValues(r.values()).endMatchExpression();
        }
        return b.build();
    }

    private static List<String> names(Snapshot snap, java.util.BitSet bits) {
        return snap.nodesAt(bits).stream().map(NodeInfo::name).toList();
    }
}
