package io.jube.api.printers;

import static io.jube.api.printers.Cells.list;
import static io.jube.api.printers.Cells.present;
import static io.jube.api.printers.Cells.str;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code kubectl get pods} shows in READY, STATUS and RESTARTS, derived from a pod as Kubernetes' pod printer
 * does: phase and status.reason, scheduling gates, init containers (including restartable sidecars), container
 * waiting/terminated reasons, the Completed→Running/NotReady correction and Terminating.
 */
record PodSummary(int ready, int total, String reason, int restarts, Instant lastRestart) {

    static PodSummary of(JsonNode pod) {
        Set<String> sidecars = new HashSet<>();
        List<JsonNode> initSpecs = list(pod, "spec", "initContainers");
        int total = list(pod, "spec", "containers").size();
        for (JsonNode c : initSpecs) {
            if ("Always".equals(c.path("restartPolicy").asText(null))) {
                sidecars.add(c.path("name").asText(""));
                total++;
            }
        }
        String phase = str(pod, "status", "phase");
        String reason = str(pod, "status", "reason").isEmpty() ? phase : str(pod, "status", "reason");
        for (JsonNode cond : list(pod, "status", "conditions")) {
            if ("PodScheduled".equals(cond.path("type").asText()) && "SchedulingGated".equals(cond.path("reason").asText())) {
                reason = "SchedulingGated";
            }
        }

        int ready = 0;
        int restarts = 0;
        int sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        boolean initializing = false;
        List<JsonNode> initStatuses = list(pod, "status", "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode c = initStatuses.get(i);
            boolean sidecar = sidecars.contains(c.path("name").asText(""));
            int count = c.path("restartCount").asInt(0);
            Instant finished = lastFinished(c);
            restarts += count;
            lastRestart = later(lastRestart, finished);
            if (sidecar) {
                sidecarRestarts += count;
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = Json.at(c, "state", "terminated");
            JsonNode waiting = Json.at(c, "state", "waiting");
            if (terminated != null && terminated.path("exitCode").asInt(0) == 0) {
                continue;
            }
            if (sidecar && c.path("started").asBoolean(false)) {
                if (c.path("ready").asBoolean(false)) {
                    ready++;
                }
                continue;
            }
            if (terminated != null) {
                String r = terminated.path("reason").asText("");
                if (r.isEmpty()) {
                    int signal = terminated.path("signal").asInt(0);
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + terminated.path("exitCode").asInt(0);
                } else {
                    reason = "Init:" + r;
                }
            } else if (waiting != null && !waiting.path("reason").asText("").isEmpty()
                    && !"PodInitializing".equals(waiting.path("reason").asText())) {
                reason = "Init:" + waiting.path("reason").asText();
            } else {
                reason = "Init:" + i + "/" + initSpecs.size();
            }
            initializing = true;
            break;
        }

        if (!initializing || conditionTrue(pod, "Initialized")) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = list(pod, "status", "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode c = statuses.get(i);
                restarts += c.path("restartCount").asInt(0);
                lastRestart = later(lastRestart, lastFinished(c));
                JsonNode waiting = Json.at(c, "state", "waiting");
                JsonNode terminated = Json.at(c, "state", "terminated");
                if (waiting != null && !waiting.path("reason").asText("").isEmpty()) {
                    reason = waiting.path("reason").asText();
                } else if (terminated != null && !terminated.path("reason").asText("").isEmpty()) {
                    reason = terminated.path("reason").asText();
                } else if (terminated != null) {
                    int signal = terminated.path("signal").asInt(0);
                    reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + terminated.path("exitCode").asInt(0);
                } else if (c.path("ready").asBoolean(false) && present(c, "state", "running")) {
                    hasRunning = true;
                    ready++;
                }
            }
            // a pod whose last container completed but others still run is Running (or NotReady)
            if ("Completed".equals(reason) && hasRunning) {
                reason = conditionTrue(pod, "Ready") ? "Running" : "NotReady";
            }
        }

        boolean deleting = present(pod, "metadata", "deletionTimestamp");
        if (deleting && "NodeLost".equals(str(pod, "status", "reason"))) {
            reason = "Unknown";
        } else if (deleting && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            reason = "Terminating";
        }
        return new PodSummary(ready, total, reason, restarts, lastRestart);
    }

    String readyCell() {
        return ready + "/" + total;
    }

    String restartsCell() {
        if (restarts != 0 && lastRestart != null) {
            return restarts + " (" + Ages.since(lastRestart.toString()) + " ago)";
        }
        return Integer.toString(restarts);
    }

    private static boolean conditionTrue(JsonNode pod, String type) {
        for (JsonNode cond : list(pod, "status", "conditions")) {
            if (type.equals(cond.path("type").asText())) {
                return "True".equals(cond.path("status").asText());
            }
        }
        return false;
    }

    private static Instant lastFinished(JsonNode status) {
        String at = Json.text(status, "lastState", "terminated", "finishedAt");
        if (at == null || at.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Instant later(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a == null || a.isBefore(b) ? b : a;
    }

}
