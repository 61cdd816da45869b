package io.jube.store.embedded;

import io.jube.store.StoreException;
import io.jube.store.Watch;
import io.jube.store.WatchEvent;
import io.jube.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * Fans committed changes out to watches without ever blocking the writer. A watch is either
 * <em>live</em> (the writer appends each new revision to its bounded buffer) or <em>catching up</em>
 * (it reads the revision log itself). Every watch starts catching up from its start revision; once
 * it reaches the newest published revision it turns live; if its buffer overflows because the
 * listener is slow, the buffer is dropped and it catches up from the log again. Only when the
 * revisions it still needs were compacted does it end, with COMPACTED, so the client relists.
 */
final class WatchHub {
    private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
    private static final int CATCH_UP_CHUNK = 1000;

    /** Reads the log for catching-up watches. */
    interface History {
        /** Events of revisions in (after, upTo], at most {@code max} revisions, grouped per revision. */
        List<List<WatchEvent>> read(long after, long upTo, int max);
    }

    private final Object lock = new Object();
    private final Set<Watcher> watchers = new LinkedHashSet<>();
    private final History history;
    private final ExecutorService delivery;
    private final int bufferLimit;
    private long published;

    WatchHub(History history, ExecutorService delivery, int bufferLimit, long published) {
        this.history = history;
        this.delivery = delivery;
        this.bufferLimit = bufferLimit;
        this.published = published;
    }

    /** Called by the writer after a commit: {@code groups} are the new revisions' events, in order, up to {@code upTo}. */
    void publish(long upTo, List<List<WatchEvent>> groups) {
        List<Watcher> wake = new ArrayList<>();
        synchronized (lock) {
            published = upTo;
            for (Watcher w : watchers) {
                if (w.live && w.offer(groups)) {
                    wake.add(w);
                }
            }
        }
        wake.forEach(this::schedule);
    }

    Watch watch(String prefix, long afterRevision, WatchListener listener) {
        Watcher w = new Watcher(prefix, afterRevision, listener);
        synchronized (lock) {
            watchers.add(w);
        }
        schedule(w);
        return w;
    }

    /** Ends every watch with {@code error} (store closing). */
    void closeAll(StoreException error) {
        List<Watcher> all;
        synchronized (lock) {
            all = new ArrayList<>(watchers);
        }
        all.forEach(w -> w.fail(error));
    }

    private void schedule(Watcher w) {
        synchronized (lock) {
            if (w.scheduled || w.closed) {
                return;
            }
            w.scheduled = true;
        }
        try {
            delivery.execute(w::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            synchronized (lock) {
                w.scheduled = false;
            }
        }
    }

    private final class Watcher implements Watch {
        private final String prefix;
        private final long after;
        private final WatchListener listener;
        private final ArrayDeque<List<WatchEvent>> buffer = new ArrayDeque<>();
        // Guarded by lock:
        private boolean live;
        private boolean scheduled;
        private boolean closed;
        private long position; // newest revision taken for delivery

        Watcher(String prefix, long after, WatchListener listener) {
            this.prefix = prefix;
            this.after = after;
            this.listener = listener;
            this.position = after;
        }

        /** Buffers this watch's share of {@code groups}; returns true if it has something new to deliver. */
        boolean offer(List<List<WatchEvent>> groups) {
            boolean added = false;
            for (List<WatchEvent> g : groups) {
                List<WatchEvent> mine = filter(g);
                if (mine.isEmpty()) {
                    continue;
                }
                if (buffer.size() >= bufferLimit) {
                    // Too far behind: forget the buffer and re-read the log from where delivery stands.
                    buffer.clear();
                    live = false;
                    return true;
                }
                buffer.add(mine);
                added = true;
            }
            return added;
        }

        private List<WatchEvent> filter(List<WatchEvent> group) {
            if (group.get(0).revision() <= after) {
                return List.of();
            }
            List<WatchEvent> mine = new ArrayList<>(group.size());
            for (WatchEvent e : group) {
                if (e.kv().key().startsWith(prefix)) {
                    mine.add(e);
                }
            }
            return mine;
        }

        /** Runs on a delivery thread, one at a time per watch, until there is nothing left to do. */
        void drain() {
            int rounds = 0;
            while (true) {
                List<WatchEvent> next = null;
                long from;
                long upTo;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    if (live) {
                        next = buffer.poll();
                        if (next == null) {
                            scheduled = false;
                            return;
                        }
                        position = next.get(0).revision();
                        from = upTo = 0;
                    } else if (position >= published) {
                        live = true;
                        continue;
                    } else {
                        from = position;
                        upTo = published;
                    }
                }
                if (next != null) {
                    deliver(next);
                } else if (!catchUp(from, upTo)) {
                    return;
                }
                if (++rounds % 64 == 0) {
                    // Let other watches use this thread: requeue instead of hogging it.
                    synchronized (lock) {
                        scheduled = false;
                    }
                    schedule(this);
                    return;
                }
            }
        }

        private boolean catchUp(long from, long upTo) {
            List<List<WatchEvent>> groups;
            try {
                groups = history.read(from, upTo, CATCH_UP_CHUNK);
            } catch (StoreException e) {
                fail(e);
                return false;
            }
            // A full chunk may stop short of upTo; otherwise everything up to upTo has been read.
            long reached = groups.size() == CATCH_UP_CHUNK ? groups.get(groups.size() - 1).get(0).revision() : upTo;
            for (List<WatchEvent> g : groups) {
                List<WatchEvent> mine = filter(g);
                if (!mine.isEmpty() && !deliver(mine)) {
                    return false;
                }
            }
            synchronized (lock) {
                position = Math.max(position, reached);
            }
            return true;
        }

        private boolean deliver(List<WatchEvent> events) {
            synchronized (lock) {
                if (closed) {
                    return false;
                }
            }
            try {
                listener.onEvents(events);
                return true;
            } catch (RuntimeException e) {
                LOG.warn("watch listener on {} failed; ending the watch", prefix, e);
                fail(new StoreException(StoreException.Code.INTERNAL, "watch listener failed: " + e, null, e));
                return false;
            }
        }

        void fail(StoreException error) {
            if (markClosed()) {
                try {
                    listener.onError(error);
                } catch (RuntimeException e) {
                    LOG.warn("watch listener onError failed", e);
                }
            }
        }

        private boolean markClosed() {
            synchronized (lock) {
                if (closed) {
                    return false;
                }
                closed = true;
                buffer.clear();
                watchers.remove(this);
                return true;
            }
        }

        @Override
        public void close() {
            markClosed();
        }
    }
}
