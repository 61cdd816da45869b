package io.jube.bench;

import java.util.Map;

/**
 * What one bounded load phase achieved.
 *
 * @param ops      requests answered with 2xx
 * @param errors   requests that failed or got a non-2xx status
 * @param failures count per failure kind ("HTTP 409", "io: ...") for the report
 * @param latency  latency of every request, successful or not
 * @param cpu      CPU seconds used by server, bench and others during the phase
 */
record PhaseResult(String scenario, String store, int clients, int ops, int errors, double seconds,
                   LatencyRecorder.Summary latency, Map<String, Integer> failures, String stoppedBy,
                   CpuMeter.Usage cpu) {

    PhaseResult withLatency(LatencyRecorder.Summary summary) {
        return new PhaseResult(scenario, store, clients, ops, errors, seconds, summary, failures, stoppedBy, cpu);
    }

    PhaseResult withCpu(CpuMeter.Usage usage) {
        return new PhaseResult(scenario, store, clients, ops, errors, seconds, latency, failures, stoppedBy, usage);
    }

    double opsPerSecond() {
        return seconds <= 0 ? 0 : ops / seconds;
    }
}
