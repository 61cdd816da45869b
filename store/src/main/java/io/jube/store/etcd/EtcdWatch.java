package io.jube.store.etcd;

import io.etcd.jetcd.Watch.Listener;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.watch.WatchResponse;
import io.jube.store.KeyValue;
import io.jube.store.StoreException;
import io.jube.store.StoreException.Code;
import io.jube.store.Watch;
import io.jube.store.WatchEvent;
import io.jube.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One etcd watch. jetcd calls back on its I/O threads, which a slow listener must not hold, so
 * responses are queued here and handed to the listener on a delivery thread, one batch per
 * revision, in order. A listener more than {@code limit} revisions behind is ended with COMPACTED
 * so its client relists instead of the queue growing without bound.
 */
final class EtcdWatch implements Watch, Listener {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);

    private final Function<io.etcd.jetcd.KeyValue, KeyValue> convert;
    private final WatchListener listener;
    private final Executor delivery;
    private final int limit;
    private final Consumer<EtcdWatch> onClose;
    private final ArrayDeque<Object> queue = new ArrayDeque<>(); // List<WatchEvent> or a final StoreException
    private boolean draining;
    private boolean closed;
    private boolean ended; // a final error is queued
    private Watcher watcher;

    EtcdWatch(Function<io.etcd.jetcd.KeyValue, KeyValue> convert, WatchListener listener, Executor delivery,
              int limit, Consumer<EtcdWatch> onClose) {
        this.convert = convert;
        this.listener = listener;
        this.delivery = delivery;
        this.limit = limit;
        this.onClose = onClose;
    }

    synchronized void start(Watcher w) {
        this.watcher = w;
        if (closed) {
            w.close();
        }
    }

    @Override
    public void onNext(WatchResponse response) {
        List<List<WatchEvent>> groups = new ArrayList<>();
        List<WatchEvent> group = new ArrayList<>();
        for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
            WatchEvent event = toEvent(e);
            if (!group.isEmpty() && group.get(0).revision() != event.revision()) {
                groups.add(group);
                group = new ArrayList<>();
            }
            group.add(event);
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        synchronized (this) {
            if (closed || ended) {
                return;
            }
            if (queue.size() + groups.size() > limit) {
                end(new StoreException(Code.COMPACTED, "watch fell more than " + limit + " revisions behind; relist"));
                return;
            }
            queue.addAll(groups);
        }
        schedule();
    }

    private WatchEvent toEvent(io.etcd.jetcd.watch.WatchEvent e) {
        io.etcd.jetcd.KeyValue prevRaw = e.getPrevKV();
        KeyValue prev = prevRaw == null || prevRaw.getKey().isEmpty() ? null : convert.apply(prevRaw);
        KeyValue now = convert.apply(e.getKeyValue());
        if (e.getEventType() == io.etcd.jetcd.watch.WatchEvent.EventType.DELETE) {
            return new WatchEvent(WatchEvent.Type.DELETE, new KeyValue(now.key(), null, 0, now.modRevision(), 0), prev);
        }
        return new WatchEvent(WatchEvent.Type.PUT, now, prev);
    }

    @Override
    public void onError(Throwable t) {
        synchronized (this) {
            if (closed || ended) {
                return;
            }
            end(EtcdErrors.toStoreException(t));
        }
        schedule();
    }

    @Override
    public void onCompleted() {
        onError(new StoreException(Code.UNAVAILABLE, "etcd ended the watch"));
    }

    /** Queues the final error; the caller holds the lock. */
    private void end(StoreException error) {
        ended = true;
        queue.clear();
        queue.add(error);
        if (watcher != null) {
            watcher.close();
        }
        schedule();
    }

    private void schedule() {
        synchronized (this) {
            if (draining || queue.isEmpty()) {
                return;
            }
            draining = true;
        }
        delivery.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Object next;
            synchronized (this) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    draining = false;
                    return;
                }
            }
            if (next instanceof StoreException error) {
                close();
                try {
                    listener.onError(error);
                } catch (RuntimeException e) {
                    LOG.warn("watch listener onError failed", e);
                }
                return;
            }
            @SuppressWarnings("unchecked")
            List<WatchEvent> events = (List<WatchEvent>) next;
            try {
                listener.onEvents(events);
            } catch (RuntimeException e) {
                LOG.warn("watch listener failed; ending the watch", e);
                close();
                listener.onError(new StoreException(Code.INTERNAL, "watch listener failed: " + e, null, e));
                return;
            }
        }
    }

    @Override
    public void close() {
        Watcher w;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            w = watcher;
        }
        if (w != null) {
            w.close();
        }
        onClose.accept(this);
    }
}
