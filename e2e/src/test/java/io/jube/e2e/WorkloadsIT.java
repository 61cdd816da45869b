package io.jube.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The desired-state engine as a user drives it with the real kubectl: {@code jube server --runtime sim}
 * (API server, controllers, scheduler and one simulated node) plus {@code jube sim --nodes 3} as a
 * second process, so the cluster has four nodes. Each test works in its own namespace.
 */
class WorkloadsIT {
    static final Duration WAIT = Duration.ofSeconds(90);
    static final int NODES = 4;
    private static JubeServer server;
    private static SimNodes sim;
    private static Kubectl kubectl;

    @BeforeAll
    static void startCluster() {
        Prerequisites.kubectl();
        server = JubeServer.start("workloads", "--runtime", "sim", "--node-name", "main-node");
        sim = SimNodes.start(server, 3);
        kubectl = server.kubectl();
        await("4 Ready nodes").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> readyNodes().size() == NODES);
    }

    @AfterAll
    static void stopCluster() {
        if (sim != null) {
            sim.close();
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- replication controllers and replica sets ------------------------------------------

    @Test
    void replicationControllerHealsDeletedPodsAndScales() {
        String ns = namespace("rc");
        kubectl.create("""
                apiVersion: v1
                kind: ReplicationController
                metadata: {name: x}
                spec:
                  replicas: 3
                  selector: {app: x}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      terminationGracePeriodSeconds: 0
                      containers: [{name: c, image: nginx:1.25}]
                """, "-n", ns).ok();
        Set<String> first = awaitRunning(ns, "app=x", 3);

        kubectl.run("delete", "pod", "--all", "-n", ns, "--wait=false").ok();
        await("3 new Running pods replace the deleted ones").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Set<String> now = runningPods(ns, "app=x");
                    return now.size() == 3 && now.stream().noneMatch(first::contains);
                });

        kubectl.run("scale", "--replicas=4", "rc/x", "-n", ns).ok();
        awaitRunning(ns, "app=x", 4);
        await("rc status reports 4 ready").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> kubectl.run("get", "rc", "x", "-n", ns, "-o", "jsonpath={.status.readyReplicas}")
                        .ok().out().equals("4"));
        Kubectl.Result table = kubectl.run("get", "rc", "x", "-n", ns).ok();
        assertThat(table.lines().get(1)).matches("x\\s+4\\s+4\\s+4\\s+\\S+");
    }

    @Test
    void replicaSetHealsDeletedPodsAndScalesDown() {
        String ns = namespace("rs");
        kubectl.create("""
                apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: fe}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: fe}}
                  template:
                    metadata: {labels: {app: fe}}
                    spec:
                      terminationGracePeriodSeconds: 0
                      containers: [{name: c, image: nginx:1.25}]
                """, "-n", ns).ok();
        Set<String> first = awaitRunning(ns, "app=fe", 3);
        String victim = first.iterator().next();
        kubectl.run("delete", "pod", victim, "-n", ns, "--wait=false").ok();
        await("a replacement pod").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Set<String> now = runningPods(ns, "app=fe");
                    return now.size() == 3 && !now.contains(victim);
                });
        kubectl.run("scale", "--replicas=1", "rs/fe", "-n", ns).ok();
        await("scaled down to 1 pod").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> pods(ns, "app=fe").size() == 1);
        JsonNode pod = pods(ns, "app=fe").get(0);
        assertThat(pod.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("ReplicaSet");
        assertThat(pod.at("/metadata/ownerReferences/0/name").asText()).isEqualTo("fe");
        assertThat(pod.at("/metadata/ownerReferences/0/controller").asBoolean()).isTrue();
    }

    // ---- deployments -----------------------------------------------------------------------

    @Test
    void deploymentRollsOutWithZeroUnavailableAndSupportsHistoryUndoPauseResumeRestart() throws Exception {
        String ns = namespace("deploy");
        kubectl.create("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  strategy:
                    type: RollingUpdate
                    rollingUpdate: {maxSurge: 1, maxUnavailable: 0}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      terminationGracePeriodSeconds: 0
                      containers: [{name: web, image: nginx:1.25}]
                """, "-n", ns).ok();
        rolloutStatus(ns);

        // availableReplicas must never drop below 3 while the new image rolls out
        AvailabilityWatch watch = new AvailabilityWatch(ns, "web");
        watch.start();
        kubectl.run("set", "image", "deploy/web", "web=nginx:1.26", "-n", ns).ok();
        rolloutStatus(ns);
        watch.stop();
        assertThat(watch.samples.get()).as("status samples taken during the rollout").isGreaterThan(0);
        assertThat(watch.minAvailable.get()).as("lowest availableReplicas seen during the rollout").isEqualTo(3);
        assertThat(image(ns)).isEqualTo("nginx:1.26");
        assertThat(runningPods(ns, "app=web")).hasSize(3);
        assertThat(podImages(ns)).containsOnly("nginx:1.26");

        Kubectl.Result history = kubectl.run("rollout", "history", "deploy/web", "-n", ns).ok();
        assertThat(history.out()).contains("REVISION");
        assertThat(revisions(history)).containsExactly("1", "2");

        kubectl.run("rollout", "undo", "deploy/web", "-n", ns).ok();
        rolloutStatus(ns);
        assertThat(image(ns)).isEqualTo("nginx:1.25");
        await("pods back on nginx:1.25").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> podImages(ns).equals(Set.of("nginx:1.25")) && pods(ns, "app=web").size() == 3);
        // undo reuses revision 1's ReplicaSet and renumbers it as revision 3
        assertThat(revisions(kubectl.run("rollout", "history", "deploy/web", "-n", ns).ok()))
                .containsExactly("2", "3");
        assertThat(kubectl.run("get", "rs", "-n", ns, "-o", "name").ok().lines()).hasSize(2);

        kubectl.run("rollout", "pause", "deploy/web", "-n", ns).ok();
        kubectl.run("set", "image", "deploy/web", "web=nginx:1.27", "-n", ns).ok();
        await("the paused deployment's status catches up with its generation").atMost(WAIT)
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode d = deployment(ns);
                    return d.at("/status/observedGeneration").asLong() == d.at("/metadata/generation").asLong();
                });
        assertThat(kubectl.run("get", "rs", "-n", ns, "-o", "name").ok().lines())
                .as("no new ReplicaSet while paused").hasSize(2);
        assertThat(podImages(ns)).containsOnly("nginx:1.25");
        assertThat(deployment(ns).at("/spec/paused").asBoolean()).isTrue();

        kubectl.run("rollout", "resume", "deploy/web", "-n", ns).ok();
        rolloutStatus(ns);
        await("pods on nginx:1.27 after resume").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> podImages(ns).equals(Set.of("nginx:1.27")) && pods(ns, "app=web").size() == 3);

        Set<String> beforeRestart = runningPods(ns, "app=web");
        kubectl.run("rollout", "restart", "deploy/web", "-n", ns).ok();
        rolloutStatus(ns);
        assertThat(deployment(ns).at("/spec/template/metadata/annotations")
                .has("kubectl.kubernetes.io/restartedAt")).isTrue();
        await("restart replaced every pod").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Set<String> now = runningPods(ns, "app=web");
                    return now.size() == 3 && pods(ns, "app=web").size() == 3
                            && now.stream().noneMatch(beforeRestart::contains);
                });
    }

    // ---- scheduler rules -------------------------------------------------------------------

    @Test
    void podTooBigForAnyNodeStaysPendingWithFailedSchedulingEvent() {
        String ns = namespace("big");
        kubectl.create(pod("huge", "    resources: {requests: {cpu: \"500\"}}\n"), "-n", ns).ok();
        String expected = "0/" + NODES + " nodes are available: " + NODES + " Insufficient cpu.";
        await("FailedScheduling event in kubectl describe").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Kubectl.Result describe = kubectl.run("describe", "pod", "huge", "-n", ns).ok();
                    assertThat(describe.out()).containsPattern("Status:\\s+Pending");
                    assertThat(describe.out()).containsPattern("Warning\\s+FailedScheduling\\s+.*default-scheduler\\s+"
                            + java.util.regex.Pattern.quote(expected));
                });
        JsonNode pod = podJson(ns, "huge");
        assertThat(pod.at("/spec/nodeName").isMissingNode() || pod.at("/spec/nodeName").asText().isEmpty()).isTrue();
        JsonNode cond = condition(pod, "PodScheduled");
        assertThat(cond.path("status").asText()).isEqualTo("False");
        assertThat(cond.path("reason").asText()).isEqualTo("Unschedulable");
        assertThat(cond.path("message").asText()).startsWith(expected);
    }

    @Test
    void nodeSelectorPlacesPodOnLabelledNode() {
        String ns = namespace("sel");
        kubectl.run("label", "node", "sim-1", "e2e-disk=ssd", "--overwrite").ok();
        try {
            kubectl.create(pod("picky", "", "  nodeSelector: {e2e-disk: ssd}\n"), "-n", ns).ok();
            assertThat(awaitNodeOf(ns, "picky")).isEqualTo("sim-1");
            kubectl.create(pod("nowhere", "", "  nodeSelector: {e2e-disk: nvme}\n"), "-n", ns).ok();
            awaitFailedScheduling(ns, "nowhere", NODES + " node(s) didn't match Pod's node affinity/selector.");
        } finally {
            kubectl.run("label", "node", "sim-1", "e2e-disk-").ok();
        }
    }

    @Test
    void taintsRepelPodsWithoutMatchingToleration() {
        String ns = namespace("taint");
        kubectl.run("taint", "nodes", "sim-2", "e2e-dedicated=db:NoSchedule").ok();
        try {
            String onSim2 = "  nodeSelector: {kubernetes.io/hostname: sim-2}\n";
            kubectl.create(pod("intolerant", "", onSim2), "-n", ns).ok();
            awaitFailedScheduling(ns, "intolerant", "1 node(s) had untolerated taint {e2e-dedicated: db}");
            kubectl.create(pod("tolerant", "", onSim2 + """
                      tolerations:
                      - {key: e2e-dedicated, operator: Equal, value: db, effect: NoSchedule}
                    """), "-n", ns).ok();
            assertThat(awaitNodeOf(ns, "tolerant")).isEqualTo("sim-2");
        } finally {
            kubectl.run("taint", "nodes", "sim-2", "e2e-dedicated=db:NoSchedule-").ok();
        }
        assertThat(awaitNodeOf(ns, "intolerant")).as("schedulable once the taint is removed").isEqualTo("sim-2");
    }

    @Test
    void requiredAntiAffinitySpreadsOnePodPerNode() {
        String ns = namespace("anti");
        kubectl.create(deploymentYaml("spread", NODES + 1, """
                      affinity:
                        podAntiAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                          - labelSelector: {matchLabels: {app: spread}}
                            topologyKey: kubernetes.io/hostname
                """), "-n", ns).ok();
        await("one pod on each of the 4 nodes, the fifth Pending").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> nodesOf(ns, "app=spread").size() == NODES && pods(ns, "app=spread").size() == NODES + 1);
        assertThat(new HashSet<>(nodesOf(ns, "app=spread"))).hasSize(NODES);
        String pending = pods(ns, "app=spread").stream()
                .filter(p -> p.at("/spec/nodeName").asText("").isEmpty())
                .map(p -> p.at("/metadata/name").asText()).findFirst().orElseThrow();
        awaitFailedScheduling(ns, pending, NODES + " node(s) didn't match pod anti-affinity rules");
    }

    @Test
    void topologySpreadBalancesPodsAcrossNodes() {
        String ns = namespace("spread");
        kubectl.create(deploymentYaml("even", 2 * NODES, """
                      topologySpreadConstraints:
                      - maxSkew: 1
                        topologyKey: kubernetes.io/hostname
                        whenUnsatisfiable: DoNotSchedule
                        labelSelector: {matchLabels: {app: even}}
                """), "-n", ns).ok();
        await("8 pods scheduled").atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .until(() -> nodesOf(ns, "app=even").size() == 2 * NODES);
        List<String> nodes = nodesOf(ns, "app=even");
        for (String node : new HashSet<>(nodes)) {
            assertThat(nodes.stream().filter(node::equals).count()).as("pods on " + node).isEqualTo(2);
        }
        assertThat(new HashSet<>(nodes)).hasSize(NODES);
    }

    @Test
    void higherPriorityPodPreemptsLowerPriorityPod() {
        String ns = namespace("prio");
        kubectl.create("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: e2e-low}
                value: 10
                ---
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: e2e-high}
                value: 100000
                """).ok();
        String onSim0 = "  nodeSelector: {kubernetes.io/hostname: sim-0}\n";
        String sixCpus = "    resources: {requests: {cpu: \"6\"}}\n";
        kubectl.create(pod("low", sixCpus, onSim0 + "  priorityClassName: e2e-low\n"), "-n", ns).ok();
        assertThat(awaitNodeOf(ns, "low")).isEqualTo("sim-0");
        String lowUid = podJson(ns, "low").at("/metadata/uid").asText();

        kubectl.create(pod("high", sixCpus, onSim0 + "  priorityClassName: e2e-high\n"), "-n", ns).ok();
        assertThat(awaitNodeOf(ns, "high")).isEqualTo("sim-0");
        await("the low-priority pod was preempted").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    Kubectl.Result r = kubectl.run("get", "pod", "low", "-n", ns, "-o", "jsonpath={.metadata.uid}");
                    return r.code() != 0 || !r.out().equals(lowUid);
                });
        assertThat(kubectl.run("get", "events", "-n", ns, "--field-selector", "reason=Preempted").ok().out())
                .contains("Preempted");
    }

    @Test
    void priorityClassNameSetsSpecPriority() {
        String ns = namespace("prioadm");
        kubectl.create("""
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: e2e-ten}
                value: 10
                """).ok();
        kubectl.create(pod("p", "", "  priorityClassName: e2e-ten\n"), "-n", ns).ok();
        assertThat(podJson(ns, "p").at("/spec/priority").asInt()).isEqualTo(10);
    }

    // ---- helpers ---------------------------------------------------------------------------

    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    static String namespace(String prefix) {
        String ns = "e2e-" + prefix + "-" + NAMESPACES.incrementAndGet();
        kubectl.run("create", "namespace", ns).ok();
        return ns;
    }

    static String pod(String name, String containerExtra) {
        return pod(name, containerExtra, "");
    }

    /** A bare pod; {@code containerExtra} lines are indented 4, {@code specExtra} lines 2. */
    static String pod(String name, String containerExtra, String specExtra) {
        return "apiVersion: v1\nkind: Pod\nmetadata: {name: " + name + "}\nspec:\n"
                + "  terminationGracePeriodSeconds: 0\n" + specExtra
                + "  containers:\n  - name: c\n    image: nginx:1.25\n"
                + containerExtra;
    }

    /** A deployment whose pod spec gets {@code specExtra} (indented 6, as inside the template spec). */
    static String deploymentYaml(String name, int replicas, String specExtra) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: %s}
                spec:
                  replicas: %d
                  selector: {matchLabels: {app: %s}}
                  template:
                    metadata: {labels: {app: %s}}
                    spec:
                      terminationGracePeriodSeconds: 0
                      containers: [{name: c, image: nginx:1.25, resources: {requests: {cpu: 10m}}}]
                """.formatted(name, replicas, name, name) + specExtra;
    }

    static List<String> readyNodes() {
        JsonNode list = json(kubectl.run("get", "nodes", "-o", "json").ok());
        List<String> ready = new ArrayList<>();
        for (JsonNode n : list.path("items")) {
            if ("True".equals(condition(n, "Ready").path("status").asText())) {
                ready.add(n.at("/metadata/name").asText());
            }
        }
        return ready;
    }

    static List<JsonNode> pods(String ns, String selector) {
        JsonNode list = json(kubectl.run("get", "pods", "-n", ns, "-l", selector, "-o", "json").ok());
        List<JsonNode> out = new ArrayList<>();
        list.path("items").forEach(out::add);
        return out;
    }

    /** Names of pods that are Running, Ready and not being deleted. */
    static Set<String> runningPods(String ns, String selector) {
        Set<String> names = new HashSet<>();
        for (JsonNode p : pods(ns, selector)) {
            if ("Running".equals(p.at("/status/phase").asText()) && p.at("/metadata/deletionTimestamp").isMissingNode()
                    && "True".equals(condition(p, "Ready").path("status").asText())) {
                names.add(p.at("/metadata/name").asText());
            }
        }
        return names;
    }

    static Set<String> awaitRunning(String ns, String selector, int count) {
        AtomicReference<Set<String>> seen = new AtomicReference<>(Set.of());
        await(count + " Running pods " + selector + " in " + ns).atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    seen.set(runningPods(ns, selector));
                    return seen.get().size() == count && pods(ns, selector).size() == count;
                });
        return seen.get();
    }

    static List<String> nodesOf(String ns, String selector) {
        List<String> nodes = new ArrayList<>();
        for (JsonNode p : pods(ns, selector)) {
            String node = p.at("/spec/nodeName").asText("");
            if (!node.isEmpty()) {
                nodes.add(node);
            }
        }
        return nodes;
    }

    static JsonNode podJson(String ns, String name) {
        return json(kubectl.run("get", "pod", name, "-n", ns, "-o", "json").ok());
    }

    static String awaitNodeOf(String ns, String name) {
        AtomicReference<String> node = new AtomicReference<>("");
        await(name + " Running on a node").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode p = podJson(ns, name);
                    node.set(p.at("/spec/nodeName").asText(""));
                    return "Running".equals(p.at("/status/phase").asText());
                });
        return node.get();
    }

    static void awaitFailedScheduling(String ns, String pod, String fragment) {
        await(pod + " FailedScheduling mentions " + fragment).atMost(WAIT).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Kubectl.Result describe = kubectl.run("describe", "pod", pod, "-n", ns).ok();
                    assertThat(describe.out()).contains("FailedScheduling").contains(fragment);
                });
    }

    static JsonNode condition(JsonNode object, String type) {
        for (JsonNode c : object.at("/status/conditions")) {
            if (type.equals(c.path("type").asText())) {
                return c;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    static JsonNode deployment(String ns) {
        return json(kubectl.run("get", "deploy", "web", "-n", ns, "-o", "json").ok());
    }

    static String image(String ns) {
        return deployment(ns).at("/spec/template/spec/containers/0/image").asText();
    }

    static Set<String> podImages(String ns) {
        Set<String> images = new HashSet<>();
        for (JsonNode p : pods(ns, "app=web")) {
            images.add(p.at("/spec/containers/0/image").asText());
        }
        return images;
    }

    static void rolloutStatus(String ns) {
        Kubectl.Result r = kubectl.run("rollout", "status", "deploy/web", "-n", ns, "--timeout=80s");
        r.ok();
        assertThat(r.out()).contains("deployment \"web\" successfully rolled out");
    }

    static List<String> revisions(Kubectl.Result history) {
        return history.lines().stream().skip(2).map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.split("\\s+")[0]).toList();
    }

    static JsonNode json(Kubectl.Result r) {
        return Json.parse(r.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Watches the deployment over HTTPS on its own thread during a rollout, keeping the lowest
     * availableReplicas of every status the server sends. Bounded by the watch's timeoutSeconds.
     */
    static final class AvailabilityWatch {
        final String path;
        final AtomicInteger minAvailable = new AtomicInteger(Integer.MAX_VALUE);
        final AtomicInteger samples = new AtomicInteger();
        private final java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
        private volatile java.util.stream.Stream<String> stream;
        private Thread thread;

        AvailabilityWatch(String ns, String name) {
            this.path = "/apis/apps/v1/namespaces/" + ns + "/deployments?watch=true&timeoutSeconds=300"
                    + "&fieldSelector=metadata.name%3D" + name;
        }

        void start() throws InterruptedException {
            thread = new Thread(() -> {
                try (java.util.stream.Stream<String> lines = server.client().lines(path)) {
                    stream = lines;
                    opened.countDown();
                    lines.forEach(line -> {
                        JsonNode event = Json.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        minAvailable.accumulateAndGet(event.at("/object/status/availableReplicas").asInt(0), Math::min);
                        samples.incrementAndGet();
                    });
                } catch (RuntimeException e) {
                    // closed by stop(), or the watch failed: samples tell the test what was seen
                } finally {
                    opened.countDown();
                }
            }, "availability-watch");
            thread.setDaemon(true);
            thread.start();
            assertThat(opened.await(30, java.util.concurrent.TimeUnit.SECONDS)).as("watch opened").isTrue();
            // the initial ADDED event carries the settled state: all 3 available before the rollout
            await("initial watch event").atMost(WAIT).until(() -> samples.get() > 0);
        }

        void stop() throws InterruptedException {
            if (stream != null) {
                stream.close();
            }
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }
}
