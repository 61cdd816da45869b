package io.jube.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Cluster benchmark: a {@code jube server --runtime none} (API server, controllers, scheduler) plus
 * {@code jube sim} processes for the nodes, measuring scheduling throughput (scheduler_perf's
 * SchedulingBasic shape and anti-affinity / topology-spread variants), pod startup latency
 * (create → Running seen by a watch) and mutating API p99 with many pods running.
 */
public final class ClusterBench {
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("sched-nodes", "5000");      // nodes of the scheduling cluster
        DEFAULTS.put("sched-pods", "10000");      // SchedulingBasic pods
        // unmeasured pods scheduled first, as scheduler_perf's initPods; they also warm the JIT (see bench/README)
        DEFAULTS.put("sched-init-pods", "10000");
        DEFAULTS.put("affinity-pods", "1000");    // pods of each affinity/spread variant; 0 = skip
        DEFAULTS.put("create-clients", "50");     // concurrent pod creators
        DEFAULTS.put("api-nodes", "1000");        // nodes of the startup/API cluster
        DEFAULTS.put("api-pods", "30000");        // pods running during the API phases
        DEFAULTS.put("startup-pods", "1000");
        DEFAULTS.put("startup-rate", "50");       // pods/s for the paced startup-latency phase
        DEFAULTS.put("writers", "200");           // API phases, as ApiBench
        DEFAULTS.put("max-ops", "20000");
        DEFAULTS.put("paced-rate", "1000");       // writes/s the paced API phases offer (0 skips them)
        DEFAULTS.put("max-seconds", "20");
        DEFAULTS.put("phase-timeout-seconds", "600");
        DEFAULTS.put("sim-threads", "4");
        // G1, not ParallelGC: with 10k+ pods the server's live heap is 0.5-1 GB and ParallelGC's full collections
        // took 0.6-1.8 s (the paced-create stall, informer watches dropped, leases late); G1 paused at most 143 ms
        // and a second C2 compiler thread below 4 CPUs, where the JVM gives C2 only one: on 2 cores its backlog
        // outlasted the 10,000 init pods (36-46 methods queued when SchedulingBasic began, 17-19 with two threads)
        DEFAULTS.put("server-java-opts", "-XX:+UseG1GC -XX:MaxGCPauseMillis=50 -Xms1g -Xmx4g -Xss512k"
                + (Runtime.getRuntime().availableProcessors() < 4 ? " -XX:CICompilerCount=3" : ""));
        DEFAULTS.put("sim-java-opts", "-XX:+UseG1GC -XX:MaxGCPauseMillis=50 -Xmx2g -Xss512k");
        DEFAULTS.put("jar", "cli/target/jube.jar");
        DEFAULTS.put("out", "bench/results");
    }

    static final double TARGET_SCHED_PODS_PER_S = 1000;
    static final double TARGET_STARTUP_P99_MS = 100;

    private final Map<String, String> opts;
    private final Vertx vertx = Vertx.vertx();
    private final List<String[]> rows = new ArrayList<>();
    private final ObjectNode json = Json.MAPPER.createObjectNode();
    private final List<String> notes = new ArrayList<>();

    private ClusterBench(Map<String, String> opts) {
        this.opts = opts;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (name.equals("help") || !o.containsKey(name) || i + 1 >= args.length) {
                System.err.println((name.equals("help") ? "" : "cluster-bench: bad argument " + args[i] + "\n")
                        + "options (--name value):\n" + DEFAULTS.entrySet().stream()
                        .map(e -> "  --" + e.getKey() + " (default " + e.getValue() + ")").reduce("", (a, b) -> a + b + "\n"));
                System.exit(name.equals("help") ? 0 : 2);
            }
            o.put(name, args[++i]);
        }
        System.exit(new ClusterBench(o).run());
    }

    private int integer(String name) {
        return Integer.parseInt(opts.get(name));
    }

    private List<String> words(String name) {
        return opts.get(name).isBlank() ? List.of() : Arrays.asList(opts.get(name).trim().split("\\s+"));
    }

    private int run() throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        json.put("date", ZonedDateTime.now(ZoneOffset.UTC).toString());
        json.put("cpus", Runtime.getRuntime().availableProcessors());
        json.putPOJO("options", opts);
        int failed = 0;
        try {
            schedulingCluster();
        } catch (RuntimeException e) {
            failed++;
            note("scheduling cluster failed: " + e.getMessage());
        }
        try {
            apiCluster();
        } catch (RuntimeException e) {
            failed++;
            note("startup/API cluster failed: " + e.getMessage());
        }
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> null).join();
        String md = markdown();
        System.out.println(md);
        Path out = Path.of(opts.get("out"));
        Files.createDirectories(out);
        Files.writeString(out.resolve("cluster-" + stamp + ".md"), md);
        Files.writeString(out.resolve("cluster-" + stamp + ".json"), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(json));
        log("results in " + out.resolve("cluster-" + stamp + ".md"));
        return failed == 0 ? 0 : 1;
    }

    /** Starts a server and {@code nodes} simulated nodes, waits until they are Ready, runs {@code body}. */
    private void withCluster(String name, int nodes, ClusterBody body) {
        Path jar = Path.of(opts.get("jar")).toAbsolutePath();
        Duration timeout = Duration.ofSeconds(integer("phase-timeout-seconds"));
        log(name + ": starting jube server --runtime none");
        try (JubeServer server = JubeServer.start(jar, words("server-java-opts"), null, Duration.ofSeconds(120),
                List.of("--runtime", "none"));
             KubeHttp http = KubeHttp.plain(vertx, server.insecurePort(), integer("writers"));
             HttpConnections load = HttpConnections.plain(vertx, server.insecurePort(),
                     Math.max(integer("writers"), integer("create-clients")))) {
            long t0 = System.nanoTime();
            log(name + ": starting jube sim --nodes " + nodes);
            try (SimProcess sim = SimProcess.start(jar, words("sim-java-opts"), server.kubeconfig(),
                    server.dataDir().resolve("sim.log"), List.of("--nodes", Integer.toString(nodes),
                            "--cpu", "4", "--memory", "32Gi", "--pods", "110", "--threads", opts.get("sim-threads")))) {
                awaitReadyNodes(http, nodes, timeout, sim);
                double secs = (System.nanoTime() - t0) / 1e9;
                log(name + ": " + nodes + " nodes Ready after " + Report.num(secs, 1) + " s");
                json.put(name + "NodesReadySeconds", secs);
                idle(name, nodes, server.pid());
                body.run(http, load, server, sim);
            }
        }
    }

    /**
     * The cluster's cost before any pod, measured for 10 s once the nodes are Ready: Lease renewals (one per node
     * every 10 s), node status, informers' resyncs, and the JIT still compiling what registration made hot.
     */
    private void idle(String name, int nodes, long serverPid) {
        CpuMeter cpu = CpuMeter.start(serverPid);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10)); // a measuring interval, not synchronisation
        CpuMeter.Usage u = cpu.stop();
        if (u.server() >= 0) {
            note(name + ": idle with " + nodes + " nodes: server " + Report.num(u.server() / u.wall(), 2)
                    + " cores, sim and others " + Report.num(u.others() / u.wall(), 2) + " cores, over "
                    + Report.num(u.wall(), 1) + " s");
        }
    }

    interface ClusterBody {
        void run(KubeHttp http, HttpConnections load, JubeServer server, SimProcess sim);
    }

    private void schedulingCluster() {
        int nodes = integer("sched-nodes");
        if (nodes == 0) {
            return; // --sched-nodes 0 skips the scheduling cluster
        }
        withCluster("sched", nodes, (http, load, server, sim) -> {
            int init = integer("sched-init-pods");
            long pid = server.pid();
            if (init > 0) {
                schedule(http, load, pid, "init pods", PodBodies.Shape.BASIC, init, nodes, false);
            }
            schedule(http, load, pid, "SchedulingBasic", PodBodies.Shape.BASIC, integer("sched-pods"), nodes, true);
            int affinity = integer("affinity-pods");
            if (affinity > 0) {
                schedule(http, load, pid, "PodAntiAffinity (required, hostname)", PodBodies.Shape.ANTI_AFFINITY,
                        Math.min(affinity, nodes), nodes, true);
                schedule(http, load, pid, "TopologySpread (maxSkew 1, hostname)", PodBodies.Shape.TOPOLOGY_SPREAD,
                        affinity, nodes, true);
            }
        });
    }

    /**
     * Creates {@code pods} unscheduled pods with a closed loop of creators; pods/s from first create to last bound.
     * An unmeasured run (the init pods) is only noted, in its own namespace; its pods stay, as in scheduler_perf.
     */
    private void schedule(KubeHttp http, HttpConnections load, long serverPid, String label, PodBodies.Shape shape,
                          int pods, int nodes, boolean measured) {
        String ns = measured ? "sched-" + shape.name().toLowerCase().replace('_', '-') : "sched-init";
        ensureNamespace(http, ns);
        try (PodWatch watch = PodWatch.open(http, ns, listVersion(http, ns))) {
            CpuMeter cpu = CpuMeter.start(serverPid);
            long t0 = System.nanoTime();
            PhaseResult created = new LoadPhase(load, integer("create-clients"), pods,
                    Duration.ofSeconds(integer("phase-timeout-seconds"))).run("create pods", "embedded",
                    (seq, w) -> load.wire().request("POST", PodBodies.collection(ns),
                            PodBodies.pod(ns, "p-" + seq, "g", shape)), null);
            boolean all = awaitPods(watch, watch.bound, created.ops(), ns,
                    () -> log(label + ": " + watch.bound.size() + "/" + created.ops() + " bound"));
            long last = watch.bound.values().stream().mapToLong(Long::longValue).max().orElse(t0);
            double secs = (last - t0) / 1e9;
            double rate = watch.bound.size() / secs;
            CpuMeter.Usage used = cpu.stop();
            note(label + ": CPU per pod bound " + cpuPerPod(used, watch.bound.size()));
            log(label + ": " + watch.bound.size() + " pods bound in " + Report.num(secs, 2) + " s = "
                    + Report.num(rate, 0) + " pods/s (create " + Report.num(created.opsPerSecond(), 0) + "/s)");
            if (!measured) {
                note(label + " (not measured): " + watch.bound.size() + "/" + pods + " bound at " + Report.num(rate, 0)
                        + " pods/s (create " + Report.num(created.opsPerSecond(), 0) + "/s)");
                json.putObject("schedule init").put("pods", pods).put("bound", watch.bound.size())
                        .put("podsPerSecond", rate).put("createPerSecond", created.opsPerSecond());
                return;
            }
            String what = label + " — " + nodes + " nodes, " + pods + " pods" + (integer("sched-init-pods") > 0
                    ? " (after " + integer("sched-init-pods") + " init pods)" : "");
            rows.add(new String[] {what, Report.num(rate, 0) + " pods/s" + (all ? "" : " (only " + watch.bound.size()
                    + " bound before timeout)"), shape == PodBodies.Shape.BASIC ? "≥ 1,000 pods/s" : "—",
                    shape == PodBodies.Shape.BASIC ? verdict(rate >= TARGET_SCHED_PODS_PER_S) : "—"});
            ObjectNode o = json.putObject("schedule " + shape.name());
            o.put("nodes", nodes).put("pods", pods).put("created", created.ops()).put("createErrors", created.errors())
                    .put("bound", watch.bound.size()).put("seconds", secs).put("podsPerSecond", rate)
                    .put("createPerSecond", created.opsPerSecond());
            if (!created.failures().isEmpty()) {
                note(label + " create failures: " + created.failures());
            }
        }
    }

    /** Where the cores went during a phase: the server, the rest of the machine (the sim, mostly), this bench. */
    private static String cpuPerPod(CpuMeter.Usage u, int pods) {
        if (u.server() < 0 || pods == 0) {
            return "not available";
        }
        double k = 1000.0 / pods;
        return "server " + Report.num(u.server() * k, 2) + " ms, sim and others " + Report.num(u.others() * k, 2)
                + " ms, bench " + Report.num(u.bench() * k, 2) + " ms (" + Report.num((u.server() + u.others() + u.bench())
                / u.wall(), 2) + " of " + Runtime.getRuntime().availableProcessors() + " cores busy)";
    }

    private void apiCluster() {
        int nodes = integer("api-nodes");
        if (nodes == 0) {
            return; // --api-nodes 0 skips the startup/API cluster
        }
        withCluster("api", nodes, (http, load, server, sim) -> {
            // as Kubernetes' density test: saturate with 30 pods per node first, then measure startup latency there
            fill(http, load, server.pid());
            startupLatency(http, nodes);
            apiUnderLoad(http, load, nodes);
        });
    }

    /** Paced creates; latency per pod from just before its POST to the watch seeing it Running. */
    private void startupLatency(KubeHttp http, int nodes) {
        String ns = "startup";
        int pods = integer("startup-pods");
        long interval = TimeUnit.SECONDS.toNanos(1) / Math.max(1, integer("startup-rate"));
        ensureNamespace(http, ns);
        long[] sent = new long[pods];
        try (PodWatch watch = PodWatch.open(http, ns, listVersion(http, ns))) {
            long t0 = System.nanoTime();
            for (int i = 0; i < pods; i++) { // open loop: the next create does not wait for the last reply
                LockSupport.parkNanos(t0 + i * interval - System.nanoTime()); // pacing, not synchronisation
                sent[i] = System.nanoTime();
                http.call(HttpMethod.POST, PodBodies.collection(ns), PodBodies.pod(ns, "s-" + i, "s", PodBodies.Shape.BASIC));
            }
            awaitPods(watch, watch.running, pods, ns,
                    () -> log("startup: " + watch.running.size() + "/" + pods + " Running"));
            LatencyRecorder rec = new LatencyRecorder(pods);
            LatencyRecorder toBound = new LatencyRecorder(pods); // where the time goes: scheduler vs node
            LatencyRecorder boundToRunning = new LatencyRecorder(pods);
            for (int i = 0; i < pods; i++) {
                Long r = watch.running.get("s-" + i);
                Long b = watch.bound.get("s-" + i);
                if (r != null) {
                    rec.record(r - sent[i]);
                }
                if (b != null) {
                    toBound.record(b - sent[i]);
                    if (r != null) {
                        boundToRunning.record(r - b);
                    }
                }
            }
            LatencyRecorder.Summary s = rec.summary();
            LatencyRecorder.Summary sb = toBound.summary();
            LatencyRecorder.Summary sr = boundToRunning.summary();
            note("startup breakdown: create → bound p50 " + Report.num(sb.millis(50), 1) + " ms, p99 "
                    + Report.num(sb.millis(99), 1) + " ms; bound → Running p50 " + Report.num(sr.millis(50), 1)
                    + " ms, p99 " + Report.num(sr.millis(99), 1) + " ms");
            log("startup: p50 " + Report.num(s.millis(50), 1) + " ms, p99 " + Report.num(s.millis(99), 1) + " ms over "
                    + s.count() + " pods");
            rows.add(new String[] {"Pod startup (create → Running via watch), " + s.count() + "/" + pods + " pods at "
                    + opts.get("startup-rate") + "/s, " + nodes + " nodes / " + json.path("load").path("running").asInt()
                    + " pods Running", "p50 " + Report.num(s.millis(50), 1)
                    + " ms, p99 " + Report.num(s.millis(99), 1) + " ms, max " + Report.num(s.maxMillis(), 1) + " ms",
                    "p99 ≤ 100 ms", verdict(s.count() == pods && s.millis(99) <= TARGET_STARTUP_P99_MS)});
            json.putObject("startup").put("pods", pods).put("running", s.count()).put("p50ms", s.millis(50))
                    .put("p99ms", s.millis(99)).put("maxms", s.maxMillis());
        }
    }

    /** Creates the {@code --api-pods} pods the startup and API phases run beside, and waits until they are Running. */
    private void fill(KubeHttp http, HttpConnections load, long serverPid) {
        String ns = "load";
        int pods = integer("api-pods");
        ensureNamespace(http, ns);
        try (PodWatch watch = PodWatch.open(http, ns, listVersion(http, ns))) {
            CpuMeter cpu = CpuMeter.start(serverPid);
            long t0 = System.nanoTime();
            PhaseResult created = new LoadPhase(load, integer("create-clients"), pods,
                    Duration.ofSeconds(integer("phase-timeout-seconds"))).run("create pods", "embedded",
                    (seq, w) -> load.wire().request("POST", PodBodies.collection(ns),
                            PodBodies.pod(ns, "l-" + seq, "l", PodBodies.Shape.BASIC)), null);
            awaitPods(watch, watch.running, created.ops(), ns,
                    () -> log("load: " + watch.running.size() + "/" + created.ops() + " Running"));
            double secs = (System.nanoTime() - t0) / 1e9;
            log("load: " + watch.running.size() + " pods Running after " + Report.num(secs, 1) + " s");
            note("load: " + watch.running.size() + " pods Running after " + Report.num(secs, 1) + " s ("
                    + Report.num(watch.running.size() / secs, 0) + " pods/s); CPU per pod Running "
                    + cpuPerPod(cpu.stop(), watch.running.size()));
            json.putObject("load").put("pods", pods).put("running", watch.running.size());
        }
    }

    /** ApiBench's create/update phases on configmaps, beside the pods {@link #fill} left Running. */
    private void apiUnderLoad(KubeHttp http, HttpConnections load, int nodes) {
        int running = ((JsonNode) json.get("load")).path("running").asInt();
        ApiScenarios api = new ApiScenarios(http, load, "embedded");
        Duration max = Duration.ofSeconds(integer("max-seconds"));
        int writers = integer("writers");
        int maxOps = integer("max-ops");
        List<PhaseResult> results = new ArrayList<>();
        int rate = integer("paced-rate");
        if (rate > 0) {
            // open loop, as in ApiBench: the latency target is judged here, timed from each request's schedule
            ApiScenarios.Created paced = new ApiScenarios.Created("api-paced", "q-", maxOps);
            results.add(api.create("create paced", paced, api.paced(writers, rate, maxOps, max)));
            results.add(api.update("update paced", paced, api.paced(writers, rate, maxOps, max)));
        }
        // closed loop: saturation throughput (its p99 is queueing: mean latency = writers / throughput)
        ApiScenarios.Created objs = new ApiScenarios.Created("api", "cm-", maxOps);
        results.add(api.create("create", objs, api.closed(writers, maxOps, max)));
        results.add(api.update("update", objs, api.closed(writers, maxOps, max)));
        for (PhaseResult r : results) {
            double p99 = r.latency().millis(99);
            PhaseResult.Paced p = r.paced();
            log("api " + r.scenario() + ": " + Report.num(r.opsPerSecond(), 0) + " ops/s, p99 " + Report.num(p99, 1) + " ms");
            String offered = p == null ? r.clients() + " writers (closed loop)"
                    : r.clients() + " writers offering " + Report.num(p.offeredPerSecond(), 0) + "/s";
            String result = "p99 " + Report.num(p99, 1) + " ms, p50 " + Report.num(r.latency().millis(50), 1) + " ms, "
                    + Report.num(r.opsPerSecond(), 0) + " ops/s, " + r.errors() + " errors"
                    + (p == null ? "" : ", " + p.late() + " late, " + p.unsent() + " unsent");
            boolean met = p99 <= Targets.MUTATING_P99_MS && r.errors() == 0 && (p == null || p.unsent() == 0);
            rows.add(new String[] {"API " + r.scenario() + " configmaps, " + offered + ", " + nodes + " nodes / " + running
                    + " pods Running", result, p == null ? "(saturation)" : "p99 ≤ 25 ms",
                    p == null ? "—" : verdict(met)});
            json.putObject("api " + r.scenario()).put("p99ms", p99).put("p50ms", r.latency().millis(50))
                    .put("opsPerSecond", r.opsPerSecond()).put("errors", r.errors())
                    .put("unsent", p == null ? 0 : p.unsent());
        }
    }

    /** Waits (up to the phase timeout) until the watch has seen {@code count} pods in {@code map}; notes a failed watch. */
    private boolean awaitPods(PodWatch watch, Map<String, Long> map, int count, String ns, Runnable progress) {
        boolean all = watch.awaitCount(map, count, Duration.ofSeconds(integer("phase-timeout-seconds")), progress);
        if (watch.failure() != null) {
            note("pod watch of " + ns + ": " + watch.failure());
        }
        return all;
    }

    private void awaitReadyNodes(KubeHttp http, int nodes, Duration timeout, SimProcess sim) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int ready = 0;
        while (System.nanoTime() < deadline) {
            if (!sim.alive()) {
                throw new IllegalStateException("jube sim exited; see " + sim.log());
            }
            KubeHttp.Reply r = await(http.call(HttpMethod.GET, "/api/v1/nodes", null));
            ready = 0;
            for (JsonNode n : Json.parse(r.body().getBytes()).path("items")) {
                for (JsonNode c : n.at("/status/conditions")) {
                    if ("Ready".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                        ready++;
                    }
                }
            }
            if (ready >= nodes) {
                return;
            }
            log(ready + "/" + nodes + " nodes Ready");
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5)); // poll interval
        }
        throw new IllegalStateException("only " + ready + "/" + nodes + " nodes Ready after " + timeout);
    }

    private void ensureNamespace(KubeHttp http, String name) {
        KubeHttp.Reply r = await(http.call(HttpMethod.POST, "/api/v1/namespaces", ConfigMaps.namespace(name)));
        if (!r.ok() && r.status() != 409) {
            throw new IllegalStateException("cannot create namespace " + name + ": HTTP " + r.status() + " " + r.text());
        }
    }

    private String listVersion(KubeHttp http, String ns) {
        KubeHttp.Reply r = await(http.call(HttpMethod.GET, PodBodies.collection(ns) + "?limit=1", null));
        return Json.parse(r.body().getBytes()).at("/metadata/resourceVersion").asText();
    }

    private static KubeHttp.Reply await(io.vertx.core.Future<KubeHttp.Reply> f) {
        return f.toCompletionStage().toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private void note(String s) {
        log(s);
        notes.add(s);
    }

    private String markdown() {
        StringBuilder b = new StringBuilder("# Jube cluster benchmark\n\n")
                .append("- date: ").append(json.path("date").asText()).append("\n- cpus: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" (shared by the server, the jube sim process and this load generator)\n- options: ")
                .append(opts).append("\n\n| measurement | result | target | verdict |\n|---|---|---|---|\n");
        for (String[] r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    private static void log(String s) {
        System.err.println("[cluster-bench " + java.time.LocalTime.now().withNano(0) + "] " + s);
    }
}
