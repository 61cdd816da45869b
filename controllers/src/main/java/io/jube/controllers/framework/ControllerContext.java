package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a controller sees of the framework: the client, shared informers, its queue and its event recorder. */
public final class ControllerContext {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerContext.class);

    private final String controller;
    private final KubernetesClient client;
    private final Informers informers;
    private final WorkQueue queue;
    private final EventRecorder recorder;
    private final ControllerMetrics metrics;

    public ControllerContext(String controller, KubernetesClient client, Informers informers, WorkQueue queue,
                             EventRecorder recorder, ControllerMetrics metrics) {
        this.controller = controller;
        this.client = client;
        this.informers = informers;
        this.queue = queue;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The shared informer of {@code type} (its cache is the controller's read path). */
    public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
        return informers.get(type);
    }

    public <T extends HasMetadata> void index(Class<T> type, String name, Function<T, List<String>> fn) {
        informers.ensureIndex(type, name, fn);
    }

    /** Enqueues the keys {@code mapper} derives from every event of the shared {@code type} informer. */
    public <T extends HasMetadata> void watch(Class<T> type, EventMapper<T> mapper) {
        informers.get(type).addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T obj) {
                dispatch(new ObjectEvent<>(ObjectEvent.Type.ADDED, null, obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                dispatch(new ObjectEvent<>(ObjectEvent.Type.UPDATED, oldObj, newObj));
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                dispatch(new ObjectEvent<>(ObjectEvent.Type.DELETED, null, obj));
            }

            private void dispatch(ObjectEvent<T> e) {
                try {
                    enqueue(mapper.keys(e));
                } catch (RuntimeException ex) { // a bad object must not stop the shared informer
                    LOG.warn("{}: mapping {} event of {} failed", controller, e.type(), type.getSimpleName(), ex);
                }
            }
        });
    }

    public void enqueue(String key) {
        metrics.adds.incrementAndGet();
        queue.add(key);
    }

    public void enqueue(Collection<String> keys) {
        keys.forEach(this::enqueue);
    }

    public WorkQueue queue() {
        return queue;
    }

    public EventRecorder recorder() {
        return recorder;
    }

    public String controllerName() {
        return controller;
    }
}
