package io.jube.agent;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about pods as the kubelet does (source.component "kubelet", source.host the
 * node); a repeat of the same reason and message for the same object increments {@code count} and
 * moves {@code lastTimestamp} instead of creating another Event. Writes are asynchronous and
 * best-effort: a failed event never fails a pod.
 */
final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int MAX_CACHED = 4096;
    private static final AtomicLong SEQ = new AtomicLong();

    private final KubernetesClient client;
    private final Executor executor;
    private final String host;
    private final Map<String, Event> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > MAX_CACHED;
        }
    };

    EventRecorder(KubernetesClient client, Executor executor, String host) {
        this.client = client;
        this.executor = executor;
        this.host = host;
    }

    /** {@code fieldPath} like {@code spec.containers{app}}, or null for the pod itself. */
    void record(Pod pod, String fieldPath, String type, String reason, String message) {
        try {
            executor.execute(() -> write(pod, fieldPath, type, reason, message));
        } catch (RejectedExecutionException e) {
            // shutting down: events are best-effort
        }
    }

    private void write(Pod pod, String fieldPath, String type, String reason, String message) {
        var m = pod.getMetadata();
        String key = m.getUid() + "|" + fieldPath + "|" + type + "|" + reason + "|" + message;
        String now = Times.time(Instant.now());
        Event previous;
        synchronized (recent) {
            previous = recent.get(key);
        }
        try {
            Event written;
            if (previous != null) {
                Event next = new EventBuilder(previous).withCount(previous.getCount() == null ? 2 : previous.getCount() + 1)
                        .withLastTimestamp(now).build();
                written = client.v1().events().inNamespace(m.getNamespace()).resource(next).update();
            } else {
                written = client.v1().events().inNamespace(m.getNamespace()).resource(new EventBuilder()
                        .withNewMetadata().withName(m.getName() + "." + Long.toHexString(System.currentTimeMillis() * 1000
                                + SEQ.incrementAndGet() % 1000)).withNamespace(m.getNamespace()).endMetadata()
                        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(m.getNamespace())
                        .withName(m.getName()).withUid(m.getUid()).withResourceVersion(m.getResourceVersion())
                        .withFieldPath(fieldPath).endInvolvedObject()
                        .withType(type).withReason(reason).withMessage(message)
                        .withNewSource().withComponent("kubelet").withHost(host).endSource()
                        .withReportingComponent("kubelet").withReportingInstance(host)
                        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                        .build()).create();
            }
            synchronized (recent) {
                recent.put(key, written);
            }
        } catch (KubernetesClientException e) {
            synchronized (recent) {
                recent.remove(key); // stale (conflict, or expired by TTL): the next repeat starts a new Event
            }
            LOG.debug("recording event {} for pod {}/{} failed: {}", reason, m.getNamespace(), m.getName(), e.getMessage());
        }
    }
}
