package io.jube.bench;

/** The performance targets from the API server issue, and whether a result meets them. */
final class Targets {
    static final double MUTATING_P99_MS = 25;
    static final int MUTATING_CLIENTS = 200;
    static final double EMBEDDED_WRITES_PER_S = 5000;
    static final long READY_MS = 3000;
    static final long IDLE_RSS_MB = 200;

    /** A target's text and verdict; verdict null when the row has no target. */
    record Verdict(String target, Boolean met) {
        static final Verdict NONE = new Verdict("—", null);

        String mark() {
            return met == null ? "" : met ? "yes" : "**no**";
        }
    }

    private Targets() {
    }

    static boolean mutating(String scenario) {
        return scenario.startsWith("create") || scenario.startsWith("update");
    }

    /**
     * Targets apply to the plain-HTTP create/update phases at the concurrency. The p99
     * target is judged on the paced (open-loop) rows only: in a closed loop with 200 clients mean
     * latency is 200 / throughput, so p99 ≤ 25 ms would need over 8,000 writes/s, and the two
     * targets are only meaningful together, at a stated offered rate. The closed-loop rows judge
     * the saturation throughput.
     */
    static Verdict phase(PhaseResult r) {
        if (!mutating(r.scenario()) || r.scenario().contains("TLS") || r.scenario().contains("watchers")) {
            return Verdict.NONE;
        }
        if (r.clients() < MUTATING_CLIENTS) {
            return new Verdict("(service time at low concurrency)", null);
        }
        if (r.paced() != null) {
            return paced(r);
        }
        if ("embedded".equals(r.store())) {
            return new Verdict("≥ " + thousands(EMBEDDED_WRITES_PER_S) + " writes/s at saturation",
                    r.opsPerSecond() >= EMBEDDED_WRITES_PER_S && r.errors() == 0);
        }
        return new Verdict("(saturation; see embedded vs etcd)", null);
    }

    /** Met when every scheduled write was sent and answered without error and p99 from its scheduled time is in bound. */
    private static Verdict paced(PhaseResult r) {
        PhaseResult.Paced p = r.paced();
        String target = "p99 ≤ " + fmt(MUTATING_P99_MS) + " ms at " + MUTATING_CLIENTS + " writers offering "
                + thousands(EMBEDDED_WRITES_PER_S) + " writes/s";
        boolean met = p.offeredPerSecond() >= EMBEDDED_WRITES_PER_S && r.errors() == 0 && p.unsent() == 0
                && r.ops() > 0 && r.latency().millis(99) <= MUTATING_P99_MS;
        return new Verdict(target, met);
    }

    static Verdict ready(long millis) {
        return new Verdict("≤ " + READY_MS + " ms", millis >= 0 && millis <= READY_MS);
    }

    static Verdict idleRss(long kib) {
        return new Verdict("≤ " + IDLE_RSS_MB + " MB", kib >= 0 && kib / 1024.0 <= IDLE_RSS_MB);
    }

    static Verdict embeddedAtLeastEtcd(double embedded, double etcd) {
        return new Verdict("embedded ≥ etcd", embedded >= etcd);
    }

    private static String thousands(double d) {
        return String.format(java.util.Locale.ROOT, "%,d", (long) d);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
