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

    /** Targets apply to the plain-HTTP create/update phases at the concurrency. */
    static Verdict phase(PhaseResult r) {
        if (!mutating(r.scenario()) || r.scenario().contains("TLS") || r.scenario().contains("watchers")) {
            return Verdict.NONE;
        }
        if (r.clients() < MUTATING_CLIENTS) {
            return new Verdict("(service time at low concurrency)", null);
        }
        double p99 = r.latency().millis(99);
        boolean latencyOk = p99 <= MUTATING_P99_MS && r.errors() == 0;
        if ("embedded".equals(r.store())) {
            boolean rateOk = r.opsPerSecond() >= EMBEDDED_WRITES_PER_S;
            return new Verdict("p99 ≤ " + fmt(MUTATING_P99_MS) + " ms @ " + MUTATING_CLIENTS + " writers; ≥ "
                    + (int) EMBEDDED_WRITES_PER_S + " writes/s", latencyOk && rateOk);
        }
        return new Verdict("p99 ≤ " + fmt(MUTATING_P99_MS) + " ms @ " + MUTATING_CLIENTS + " writers", latencyOk);
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

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
