package io.jube.apiserver.watch;

import io.jube.apiserver.ApiException;
import io.jube.store.KeyValue;
import io.jube.store.ListOptions;
import io.jube.store.ListResult;
import io.jube.store.Store;
import io.jube.store.StoreException;
import io.jube.store.Watch;
import io.jube.store.WatchEvent;
import io.jube.store.WatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch cache of one resource (one store prefix): the current objects and a window of recent
 * changes, kept up to date by a single store watch and fanned out to any number of API watchers.
 * A watch from a resourceVersion inside the window is served from memory; older ones get 410.
 */
public final class WatchCache implements WatchListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);

    /** Receives events for one API watcher; returns false when it cannot keep up (it is then ended). */
    public interface Sink {
        boolean offer(CachedEvent event);

        /** The watch ends: with an error Status (cache restart), or none (overflow: the client rewatches). */
        void close(ApiException reason);

        /** The cache's revision advanced past everything sent (for bookmarks). */
        default void progress(long revision) {
        }
    }

    private final Store store;
    private final String prefix;
    private final int capacity;
    private final long maxBytes;
    private long windowBytes;
    /**
     * The current objects as stored bytes (decoded trees take several times their JSON size), hashed:
     * a sorted map's insert was ~5% of a write's CPU at 100k objects; the rare watch that starts from
     * the current state sorts them then.
     */
    private final HashMap<String, KeyValue> state = new HashMap<>();
    private final ArrayDeque<CachedEvent> window = new ArrayDeque<>();
    private final Set<Sink> sinks = ConcurrentHashMap.newKeySet();
    private long revision;
    private long oldestRevision;
    private Watch watch;
    private boolean closed;

    /**
     * @param capacity at most this many changes in the window
     * @param maxBytes and at most this many bytes of stored objects: the window holds decoded objects
     *                 (several times their JSON size), so large objects must shorten it
     */
    public WatchCache(Store store, String prefix, int capacity, long maxBytes) {
        this.store = store;
        this.prefix = prefix;
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** Loads the current objects and starts following the store. */
    public synchronized void start() {
        state.clear();
        window.clear();
        windowBytes = 0;
        String after = null;
        long at = 0;
        while (true) {
            ListResult page = store.list(prefix, new ListOptions(at, 5000, after));
            at = page.revision();
            for (KeyValue kv : page.items()) {
                state.put(kv.key(), kv);
                after = kv.key();
            }
            if (!page.more()) {
                break;
            }
        }
        revision = at;
        oldestRevision = at;
        watch = store.watch(prefix, at, this);
    }

    @Override
    public void onEvents(List<WatchEvent> events) {
        synchronized (this) {
            if (closed) {
                return;
            }
            for (WatchEvent e : events) {
                String key = e.kv().key();
                CachedEvent ce;
                if (e.type() == WatchEvent.Type.PUT) {
                    ce = new CachedEvent(e.prevKv() == null ? "ADDED" : "MODIFIED", key, e.revision(), e.kv(),
                            e.prevKv());
                    state.put(key, e.kv());
                } else if (e.prevKv() != null) {
                    // the deleted object as it last was, reported at the deletion's revision
                    ce = new CachedEvent("DELETED", key, e.revision(),
                            new KeyValue(key, e.prevKv().value(), 0, e.revision(), 0), e.prevKv());
                    state.remove(key);
                } else {
                    continue;
                }
                window.addLast(ce);
                windowBytes += ce.size();
                while (window.size() > 1 && (window.size() > capacity || windowBytes > maxBytes)) {
                    windowBytes -= window.removeFirst().size();
                    oldestRevision = window.peekFirst().revision() - 1;
                }
                revision = ce.revision();
                if (!sinks.isEmpty()) {
                    dispatch(ce);
                }
                ce.compact();
            }
            if (!events.isEmpty()) {
                revision = Math.max(revision, events.get(events.size() - 1).revision());
            }
        }
    }

    private void dispatch(CachedEvent ce) {
        for (Iterator<Sink> it = sinks.iterator(); it.hasNext(); ) {
            Sink s = it.next();
            boolean ok;
            try {
                ok = s.offer(ce);
            } catch (RuntimeException ex) {
                LOG.debug("watcher failed", ex);
                ok = false;
            }
            if (!ok) {
                // end the stream without an error, as kube-apiserver ends a watcher that cannot keep up: the
                // client rewatches from the last resourceVersion it saw, which the window still holds. A 410
                // here made every informer relist its whole type, and under load each relist took longer than
                // the window lasted, so it was answered 410 again (a relist storm)
                it.remove();
                s.close(null);
            }
        }
    }

    @Override
    public void onError(StoreException error) {
        LOG.info("watch of {} ended ({}); restarting cache", prefix, error.getMessage());
        synchronized (this) {
            if (closed) {
                return;
            }
            for (Sink s : sinks) {
                s.close(ApiException.gone("watch cache restarted"));
            }
            sinks.clear();
            start();
        }
    }

    /**
     * Subscribes a watcher. {@code afterRevision} < 0 sends the current objects as ADDED first
     * (Kubernetes' "get state and start at most recent"), otherwise replays the window after it.
     * Returns the revision the watcher starts from.
     */
    public synchronized long subscribe(long afterRevision, Sink sink) {
        if (closed) {
            throw ApiException.unavailable("watch cache closed");
        }
        if (afterRevision < 0) {
            List<KeyValue> current = new ArrayList<>(state.values());
            current.sort(java.util.Comparator.comparing(KeyValue::key));
            for (KeyValue kv : current) {
                if (!sink.offer(CachedEvent.added(kv))) {
                    throw ApiException.internal("too many objects for one watch");
                }
            }
        } else {
            if (afterRevision < oldestRevision) {
                throw ApiException.gone("too old resource version: " + afterRevision + " (" + (oldestRevision + 1) + ")");
            }
            for (CachedEvent ce : window) {
                if (ce.revision() > afterRevision && !sink.offer(ce)) {
                    throw ApiException.gone("too many changes since resource version " + afterRevision);
                }
            }
        }
        sinks.add(sink);
        return revision;
    }

    public void unsubscribe(Sink sink) {
        sinks.remove(sink);
    }

    public synchronized long revision() {
        return revision;
    }

    /** Tells watchers the revision the cache has reached (used for bookmarks). */
    public void progress() {
        long rev;
        synchronized (this) {
            rev = revision;
        }
        for (Sink s : sinks) {
            s.progress(rev);
        }
    }

    public int watchers() {
        return sinks.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        for (Sink s : sinks) {
            s.close(ApiException.unavailable("server shutting down"));
        }
        sinks.clear();
    }
}
