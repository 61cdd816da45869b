package io.jube.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Collects the results of one bench run and renders them as Markdown and JSON. */
final class Report {
    /** Startup figures of one server. */
    record Startup(String store, long readyMillis, Long reportedMillis, long idleRssKib, long peakRssKib) {
    }

    private final Map<String, String> meta = new LinkedHashMap<>();
    private final List<Startup> startups = new ArrayList<>();
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<WatchFanout.Result> watches = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private String profile;

    void meta(String key, String value) {
        meta.put(key, value);
    }

    void startup(Startup s) {
        startups.add(s);
    }

    /** Replaces the startup row of a store, e.g. to add the peak RSS after the load. */
    void replaceStartup(Startup s) {
        startups.removeIf(x -> x.store().equals(s.store()));
        startups.add(s);
    }

    void phase(PhaseResult r) {
        phases.add(r);
    }

    void watch(WatchFanout.Result r) {
        watches.add(r);
    }

    void note(String text) {
        notes.add(text);
    }

    void profile(String text) {
        profile = text;
    }

    String markdown() {
        StringBuilder b = new StringBuilder();
        b.append("# Jube API server benchmark\n\n");
        meta.forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        b.append("\n## Startup\n\n| store | time to ready ms | server-reported ms | idle RSS MB | peak RSS MB after load | target | met |\n")
                .append("|---|---:|---:|---:|---:|---|---|\n");
        for (Startup s : startups) {
            Targets.Verdict ready = Targets.ready(s.readyMillis());
            Targets.Verdict rss = Targets.idleRss(s.idleRssKib());
            b.append("| ").append(s.store()).append(" | ").append(s.readyMillis()).append(" | ")
                    .append(s.reportedMillis() == null ? "—" : s.reportedMillis()).append(" | ")
                    .append(mb(s.idleRssKib())).append(" | ").append(mb(s.peakRssKib())).append(" | ready ")
                    .append(ready.target()).append("; idle RSS ").append(rss.target()).append(" | ready ")
                    .append(ready.mark()).append(", RSS ").append(rss.mark()).append(" |\n");
        }
        List<PhaseResult> paced = phases.stream().filter(r -> r.paced() != null).toList();
        if (!paced.isEmpty()) {
            b.append("\n## Open loop (paced): writers offering a fixed rate, latency from each request's scheduled time\n\n")
                    .append("| scenario | store | writers | offered/s | achieved/s | ops | errors | late sends | unsent | p50 ms | p99 ms | max ms | client send delay max ms | stopped by | CPU s server/bench/others | bench CPU µs/req | target | met |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|\n");
            for (PhaseResult r : paced) {
                Targets.Verdict v = Targets.phase(r);
                PhaseResult.Paced p = r.paced();
                b.append("| ").append(r.scenario()).append(" | ").append(r.store()).append(" | ").append(r.clients())
                        .append(" | ").append(num(p.offeredPerSecond(), 0)).append(" | ").append(num(r.opsPerSecond(), 0))
                        .append(" | ").append(r.ops()).append(" | ").append(r.errors()).append(" | ").append(p.late())
                        .append(" | ").append(p.unsent()).append(" | ").append(num(r.latency().millis(50), 1))
                        .append(" | ").append(num(r.latency().millis(99), 1)).append(" | ")
                        .append(num(r.latency().maxMillis(), 1)).append(" | ").append(num(p.maxSendDelayMs(), 1))
                        .append(" | ").append(r.stoppedBy()).append(" | ").append(cpu(r.cpu())).append(" | ")
                        .append(micros(r)).append(" | ").append(v.target()).append(" | ").append(v.mark()).append(" |\n");
            }
            b.append("\nA late send is one whose writer was still waiting for its previous reply when the request fell due; "
                    + "it is sent at once and its latency still counts from the scheduled time. Unsent: requests due before "
                    + "the time bound that a writer was too far behind to send.\n");
        }
        b.append("\n## Closed loop (saturation): each client sends its next request when the last is answered; "
                        + "pooled keep-alive HTTP/1.1, plain port unless marked TLS\n\n")
                .append("| scenario | store | clients | ops | errors | ops/s | p50 ms | p99 ms | max ms | stopped by | CPU s server/bench/others | bench CPU µs/req | target | met |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---|---|\n");
        for (PhaseResult r : phases) {
            if (r.paced() != null) {
                continue;
            }
            Targets.Verdict v = Targets.phase(r);
            b.append("| ").append(r.scenario()).append(" | ").append(r.store()).append(" | ").append(r.clients())
                    .append(" | ").append(r.ops()).append(" | ").append(r.errors()).append(" | ")
                    .append(num(r.opsPerSecond(), 0)).append(" | ").append(num(r.latency().millis(50), 1))
                    .append(" | ").append(num(r.latency().millis(99), 1)).append(" | ")
                    .append(num(r.latency().maxMillis(), 1)).append(" | ").append(r.stoppedBy()).append(" | ")
                    .append(cpu(r.cpu())).append(" | ").append(micros(r)).append(" | ").append(v.target())
                    .append(" | ").append(v.mark()).append(" |\n");
        }
        List<String[]> comparisons = comparisons();
        if (!comparisons.isEmpty()) {
            b.append("\n## Embedded vs etcd (same server binary)\n\n| scenario | embedded ops/s | etcd ops/s | embedded/etcd | target | met |\n")
                    .append("|---|---:|---:|---:|---|---|\n");
            comparisons.forEach(c -> b.append("| ").append(String.join(" | ", c)).append(" |\n"));
        }
        if (!watches.isEmpty()) {
            b.append("\n## Watch fan-out (chunked watches from one resourceVersion, then creates)\n\n")
                    .append("| writes | store | watchers open/complete | writes | events delivered/expected | events/s | lag p50 ms | lag p99 ms | lag max ms | seen before ack | write p99 ms | CPU s server/bench/others |\n")
                    .append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (WatchFanout.Result w : watches) {
                b.append("| ").append(w.scenario()).append(" | ").append(w.store()).append(" | ").append(w.established()).append('/').append(w.completeWatchers())
                        .append(" of ").append(w.watchers()).append(" | ").append(w.writes().ops()).append(" | ")
                        .append(w.delivered()).append('/').append(w.expected()).append(" | ")
                        .append(num(w.eventsPerSecond(), 0)).append(" | ").append(num(w.lag().millis(50), 1))
                        .append(" | ").append(num(w.lag().millis(99), 1)).append(" | ").append(num(w.lag().maxMillis(), 1))
                        .append(" | ").append(w.beforeAck()).append(" | ").append(num(w.writes().latency().millis(99), 1))
                        .append(" | ").append(cpu(w.cpu())).append(" |\n");
            }
            b.append("\nLag is measured from the writer receiving its reply to each watcher reading the event; an event "
                    + "read before the reply counts as 0.\n");
        }
        StringBuilder errors = new StringBuilder();
        phases.forEach(r -> r.failures().forEach((k, n) -> errors.append("- ").append(r.scenario()).append(" / ")
                .append(r.store()).append(": ").append(k).append(" × ").append(n).append('\n')));
        watches.forEach(w -> w.failures().forEach((k, n) -> errors.append("- watch / ").append(w.store()).append(": ")
                .append(k).append(" × ").append(n).append('\n')));
        if (errors.length() > 0) {
            b.append("\n## Errors\n\n").append(errors);
        }
        if (!notes.isEmpty()) {
            b.append("\n## Notes\n\n");
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        if (profile != null) {
            b.append("\n## Where the server spends time (jstack samples during an extra, unreported embedded create phase)\n\n")
                    .append(profile);
        }
        return b.toString();
    }

    private List<String[]> comparisons() {
        List<String[]> rows = new ArrayList<>();
        for (PhaseResult e : phases) {
            if (!"embedded".equals(e.store()) || !Targets.mutating(e.scenario()) || e.scenario().contains("TLS")
                    || e.scenario().contains("watchers") || e.paced() != null) { // paced rates are fixed, not compared
                continue;
            }
            Optional<PhaseResult> etcd = phases.stream()
                    .filter(p -> "etcd".equals(p.store()) && p.scenario().equals(e.scenario()) && p.clients() == e.clients()
                            && p.paced() == null)
                    .findFirst();
            etcd.ifPresent(x -> {
                Targets.Verdict v = Targets.embeddedAtLeastEtcd(e.opsPerSecond(), x.opsPerSecond());
                rows.add(new String[] {e.scenario() + " @" + e.clients(), num(e.opsPerSecond(), 0), num(x.opsPerSecond(), 0),
                    x.opsPerSecond() > 0 ? num(e.opsPerSecond() / x.opsPerSecond(), 2) : "—", v.target(), v.mark()});
            });
        }
        return rows;
    }

    ObjectNode json() {
        ObjectNode root = Json.object();
        ObjectNode m = root.putObject("meta");
        meta.forEach(m::put);
        ArrayNode st = root.putArray("startup");
        for (Startup s : startups) {
            ObjectNode o = st.addObject().put("store", s.store()).put("readyMillis", s.readyMillis())
                    .put("idleRssKib", s.idleRssKib()).put("peakRssKib", s.peakRssKib())
                    .put("readyTargetMet", Targets.ready(s.readyMillis()).met())
                    .put("idleRssTargetMet", Targets.idleRss(s.idleRssKib()).met());
            if (s.reportedMillis() != null) {
                o.put("serverReportedMillis", s.reportedMillis());
            }
        }
        ArrayNode ph = root.putArray("phases");
        phases.forEach(r -> phaseJson(ph.addObject(), r));
        ArrayNode cmp = root.putArray("embeddedVsEtcd");
        comparisons().forEach(c -> cmp.addObject().put("scenario", c[0]).put("embeddedOpsPerSec", c[1])
                .put("etcdOpsPerSec", c[2]).put("met", c[5].contains("yes")));
        ArrayNode ws = root.putArray("watch");
        for (WatchFanout.Result w : watches) {
            ObjectNode o = ws.addObject().put("scenario", w.scenario()).put("store", w.store()).put("watchers", w.watchers())
                    .put("established", w.established()).put("completeWatchers", w.completeWatchers())
                    .put("expectedEvents", w.expected()).put("deliveredEvents", w.delivered())
                    .put("seconds", w.seconds()).put("eventsPerSec", w.eventsPerSecond())
                    .put("lagP50Ms", w.lag().millis(50)).put("lagP99Ms", w.lag().millis(99))
                    .put("lagMaxMs", w.lag().maxMillis()).put("seenBeforeAck", w.beforeAck());
            phaseJson(o.putObject("writes"), w.writes());
            ObjectNode f = o.putObject("failures");
            w.failures().forEach(f::put);
            cpuJson(o, w.cpu());
        }
        ArrayNode n = root.putArray("notes");
        notes.forEach(n::add);
        if (profile != null) {
            root.put("profile", profile);
        }
        return root;
    }

    private static void phaseJson(ObjectNode o, PhaseResult r) {
        Targets.Verdict v = Targets.phase(r);
        o.put("scenario", r.scenario()).put("store", r.store()).put("clients", r.clients()).put("ops", r.ops())
                .put("errors", r.errors()).put("seconds", r.seconds()).put("opsPerSec", r.opsPerSecond())
                .put("p50Ms", r.latency().millis(50)).put("p99Ms", r.latency().millis(99))
                .put("maxMs", r.latency().maxMillis()).put("stoppedBy", r.stoppedBy()).put("target", v.target());
        if (v.met() != null) {
            o.put("met", v.met());
        }
        if (r.paced() != null) {
            o.putObject("paced").put("offeredPerSec", r.paced().offeredPerSecond()).put("lateSends", r.paced().late())
                    .put("unsent", r.paced().unsent()).put("maxClientSendDelayMs", r.paced().maxSendDelayMs());
        }
        ObjectNode f = o.putObject("failures");
        r.failures().forEach(f::put);
        cpuJson(o, r.cpu());
        if (r.benchMicrosPerOp() >= 0) {
            o.put("benchCpuMicrosPerRequest", r.benchMicrosPerOp());
        }
    }

    /** Writes api-STAMP.md and api-STAMP.json into dir; returns the Markdown path. */
    Path write(Path dir, String stamp) {
        try {
            Files.createDirectories(dir);
            Path md = dir.resolve("api-" + stamp + ".md");
            Files.writeString(md, markdown(), StandardCharsets.UTF_8);
            Files.write(dir.resolve("api-" + stamp + ".json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json()));
            return md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write results to " + dir, e);
        }
    }

    private static String cpu(CpuMeter.Usage u) {
        return u.server() < 0 ? "—" : num(u.server(), 1) + " / " + num(u.bench(), 1) + " / " + num(u.others(), 1);
    }

    private static void cpuJson(ObjectNode o, CpuMeter.Usage u) {
        if (u.server() >= 0) {
            o.putObject("cpuSeconds").put("server", u.server()).put("bench", u.bench()).put("others", u.others())
                    .put("wall", u.wall());
        }
    }

    private static String micros(PhaseResult r) {
        return r.benchMicrosPerOp() < 0 ? "—" : num(r.benchMicrosPerOp(), 0);
    }

    private static String mb(long kib) {
        return kib < 0 ? "—" : num(kib / 1024.0, 0);
    }

    static String num(double d, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", d);
    }
}
