package io.jube.agent;

import io.fabric8.kubernetes.api.model.Pod;
import io.jube.agent.Agent.Options;
import io.jube.agent.runtime.ContainerEvent;
import io.jube.agent.runtime.Runtime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One agent's pod workers, keyed by pod uid: informer events and runtime events (a container
 * exited) become sync requests of the pod's worker.
 */
final class PodWorkers implements AutoCloseable {
    final Options options;
    final Runtime runtime;
    final ScheduledExecutorService executor;
    final PodApi api;
    final EventRecorder events;
    private final Map<String, PodWorker> byUid = new ConcurrentHashMap<>();
    private final Map<String, PodWorker> bySandbox = new ConcurrentHashMap<>();
    private volatile boolean closed;

    PodWorkers(AgentHost host, Options options) {
        this.options = options;
        this.runtime = options.runtime();
        this.executor = host.executor();
        this.api = new PodApi(host.client());
        this.events = options.recordEvents() ? new EventRecorder(host.client(), executor, options.nodeName()) : null;
        runtime.setEventListener(this::onRuntimeEvent);
    }

    void updated(Pod pod) {
        if (closed) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        byUid.computeIfAbsent(uid, u -> new PodWorker(this, u)).update(pod);
    }

    void deleted(Pod pod) {
        PodWorker w = byUid.get(pod.getMetadata().getUid());
        if (w != null) {
            w.gone();
        }
    }

    void sandboxCreated(String sandboxId, PodWorker w) {
        bySandbox.put(sandboxId, w);
    }

    void sandboxRemoved(String sandboxId) {
        bySandbox.remove(sandboxId);
    }

    void forget(PodWorker w) {
        byUid.remove(w.uid(), w);
    }

    /** Number of pods this agent currently works on. */
    int size() {
        return byUid.size();
    }

    private void onRuntimeEvent(ContainerEvent e) {
        if (e.type() == ContainerEvent.Type.STOPPED) {
            PodWorker w = bySandbox.get(e.sandboxId());
            if (w != null) {
                w.request();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        byUid.values().forEach(PodWorker::close);
        runtime.setEventListener(null);
    }
}
