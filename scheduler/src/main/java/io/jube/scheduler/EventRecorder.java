package io.jube.scheduler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.jube.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events about pods, from component default-scheduler, aggregated as Kubernetes does: a repeat of the
 * same (object, reason, message) bumps count and lastTimestamp of the existing Event instead of adding one.
 */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int MAX_TRACKED = 4096;

    private final ApiCalls api;
    private final String component;
    private final String host;
    /** (uid, reason, message) → [event name, count]; bounded LRU so memory stays flat under churn. */
    private final Map<String, Object[]> seen = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object[]> e) {
            return size() > MAX_TRACKED;
        }
    };

    EventRecorder(ApiCalls api, String component, String host) {
        this.api = api;
        this.component = component;
        this.host = host;
    }

    void pod(Pod pod, String type, String reason, String message) {
        String ns = pod.getMetadata().getNamespace();
        String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String key = pod.getMetadata().getUid() + "\u0000" + reason + "\u0000" + message;
        Object[] prior;
        synchronized (seen) {
            prior = seen.get(key);
            if (prior != null) {
                prior[1] = (Integer) prior[1] + 1;
            }
        }
        if (prior != null) {
            ObjectNode patch = Json.MAPPER.createObjectNode().put("count", (Integer) prior[1]).put("lastTimestamp", ts);
            api.patchEvent(ns, (String) prior[0], patch).exceptionally(e -> log(e, reason));
            return;
        }
        String name = pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime());
        synchronized (seen) {
            seen.put(key, new Object[] {name, 1});
        }
        ObjectNode ev = Json.MAPPER.createObjectNode();
        ev.put("apiVersion", "v1").put("kind", "Event");
        ev.putObject("metadata").put("name", name).put("namespace", ns);
        ObjectNode io = ev.putObject("involvedObject");
        io.put("apiVersion", "v1").put("kind", "Pod").put("namespace", ns).put("name", pod.getMetadata().getName());
        if (pod.getMetadata().getUid() != null) {
            io.put("uid", pod.getMetadata().getUid());
        }
        if (pod.getMetadata().getResourceVersion() != null) {
            io.put("resourceVersion", pod.getMetadata().getResourceVersion());
        }
        ev.put("reason", reason).put("message", message).put("type", type).put("count", 1)
                .put("firstTimestamp", ts).put("lastTimestamp", ts)
                .put("reportingComponent", component).put("reportingInstance", host);
        ev.putObject("source").put("component", component);
        api.createEvent(ns, ev).exceptionally(e -> log(e, reason));
    }

    private String log(Throwable e, String reason) {
        LOG.debug("could not record {} event: {}", reason, e.toString());
        return null;
    }
}
