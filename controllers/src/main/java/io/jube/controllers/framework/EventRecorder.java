package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records core/v1 Events about objects, as Kubernetes' event recorder does: an Event named
 * {@code <object>.<hex nanos>} in the object's namespace with reason, message, type, involvedObject and
 * source.component; a repeat of the same (object, type, reason, message) within the cache's memory increments
 * {@code count} and moves {@code lastTimestamp} on the existing Event instead of creating another.
 *
 * <p>Writes run on one background thread with a bounded backlog (events are best-effort: a full backlog drops
 * new events rather than slowing reconciles), so recording never blocks a controller.
 */
public final class EventRecorder implements AutoCloseable {
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    private static final int CACHE_SIZE = 4096;
    private static final int BACKLOG = 1000;

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Clock clock;
    private final ExecutorService writer;
    private final Map<String, Recorded> recent = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Recorded> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    private record Recorded(String namespace, String name, int count, String firstTimestamp) {
    }

    public EventRecorder(KubernetesClient client, String component, String host) {
        this(client, component, host, Clock.systemUTC());
    }

    EventRecorder(KubernetesClient client, String component, String host, Clock clock) {
        this.client = client;
        this.component = component;
        this.host = host;
        this.clock = clock;
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(BACKLOG), r -> {
            Thread t = new Thread(r, "events-" + component);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardPolicy());
    }

    public String component() {
        return component;
    }

    public void normal(HasMetadata obj, String reason, String message) {
        record(obj, NORMAL, reason, message);
    }

    public void warning(HasMetadata obj, String reason, String message) {
        record(obj, WARNING, reason, message);
    }

    public void record(HasMetadata obj, String type, String reason, String message) {
        ObjectReference ref = referenceTo(obj);
        try {
            writer.execute(() -> write(ref, type, reason, message));
        } catch (RejectedExecutionException e) {
            LOG.debug("event dropped after close: {} {}", reason, message);
        }
    }

    static ObjectReference referenceTo(HasMetadata obj) {
        return new ObjectReferenceBuilder()
                .withApiVersion(obj.getApiVersion())
                .withKind(obj.getKind())
                .withNamespace(obj.getMetadata().getNamespace())
                .withName(obj.getMetadata().getName())
                .withUid(obj.getMetadata().getUid())
                .withResourceVersion(obj.getMetadata().getResourceVersion())
                .build();
    }

    private void write(ObjectReference ref, String type, String reason, String message) {
        String ns = ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
        String aggKey = String.join("\u0000", component, host, ref.getApiVersion(), ref.getKind(), ns,
                ref.getName(), String.valueOf(ref.getUid()), type, reason, message);
        Instant now = clock.instant();
        String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        Recorded previous;
        synchronized (recent) {
            previous = recent.get(aggKey);
        }
        try {
            if (previous != null) {
                Event updated = bumpCount(previous, ts);
                if (updated != null) {
                    synchronized (recent) {
                        recent.put(aggKey, new Recorded(ns, previous.name, updated.getCount(), previous.firstTimestamp));
                    }
                    return;
                }
            }
            String name = ref.getName() + "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
            Event event = new EventBuilder()
                    .withNewMetadata().withName(name).withNamespace(ns).endMetadata()
                    .withInvolvedObject(ref)
                    .withReason(reason)
                    .withMessage(message)
                    .withType(type)
                    .withNewSource().withComponent(component).withHost(host).endSource()
                    .withReportingComponent(component)
                    .withReportingInstance(host)
                    .withFirstTimestamp(ts)
                    .withLastTimestamp(ts)
                    .withCount(1)
                    .build();
            client.v1().events().inNamespace(ns).resource(event).create();
            synchronized (recent) {
                recent.put(aggKey, new Recorded(ns, name, 1, ts));
            }
        } catch (KubernetesClientException e) {
            LOG.info("could not record event {} on {}/{}: {}", reason, ns, ref.getName(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("could not record event {} on {}/{}", reason, ns, ref.getName(), e);
        }
    }

    /** Increments the count of an existing event; {@code null} if it is gone (expired or deleted). */
    private Event bumpCount(Recorded previous, String ts) {
        try {
            return client.v1().events().inNamespace(previous.namespace).withName(previous.name)
                    .edit(e -> new EventBuilder(e)
                            .withCount(e.getCount() == null ? 2 : e.getCount() + 1).withLastTimestamp(ts).build());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
