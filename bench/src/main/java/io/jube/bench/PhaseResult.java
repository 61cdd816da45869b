package io.jube.bench;

import java.util.Map;

/**
 * What one bounded load phase achieved.
 *
 * @param ops      requests answered with 2xx
 * @param errors   requests that failed or got a non-2xx status
 * @param seconds  first send (or scheduled start) to last reply
 * @param failures count per failure kind ("HTTP 409", "io: ...") for the report
 * @param latency  latency of every request, successful or not (paced: from its scheduled time)
 * @param cpu      CPU seconds used by server, bench and others during the phase
 * @param paced    the open-loop figures, or null for a closed-loop phase
 */
record PhaseResult(String scenario, String store, int clients, int ops, int errors, double seconds,
                   LatencyRecorder.Summary latency, Map<String, Integer> failures, String stoppedBy,
                   CpuMeter.Usage cpu, Paced paced) {

    /**
     * @param offeredPerSecond the schedule's rate
     * @param late             sends made late because the writer's previous reply came after the slot was due
     * @param unsent           slots due before the time bound that a writer was too far behind to send
     * @param maxSendDelayMs   worst delay between a due slot and its send when the writer was free (timer and
     *                         event-loop slack in the client itself, included in the latencies)
     */
    record Paced(double offeredPerSecond, int late, int unsent, double maxSendDelayMs) {
    }

    PhaseResult withCpu(CpuMeter.Usage usage) {
        return new PhaseResult(scenario, store, clients, ops, errors, seconds, latency, failures, stoppedBy, usage, paced);
    }

    double opsPerSecond() {
        return seconds <= 0 ? 0 : ops / seconds;
    }

    /** The load generator's CPU per request in microseconds, or -1 when not measured. */
    double benchMicrosPerOp() {
        int requests = ops + errors;
        return cpu.bench() < 0 || requests == 0 ? -1 : cpu.bench() * 1e6 / requests;
    }
}
