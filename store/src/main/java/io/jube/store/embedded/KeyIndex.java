package io.jube.store.embedded;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory index from key to the revisions that changed it, so reads at any retained
 * revision need one log lookup per key. Only the writer thread adds or compacts; readers pass the
 * revision they read at and never see entries above it, so a write in progress stays invisible.
 */
final class KeyIndex {

    /** One version of a key: the revision of a PUT (or of a DELETE when {@code tombstone}). */
    record Rev(long modRevision, long createRevision, long lease, boolean tombstone) {
    }

    /** The versions of one key in revision order. */
    static final class History {
        private Rev[] revs = new Rev[2];
        private int size;

        synchronized void add(Rev rev) {
            if (size == revs.length) {
                revs = Arrays.copyOf(revs, size * 2);
            }
            revs[size++] = rev;
        }

        /** The newest version, deleted or not, including versions not yet visible to readers. */
        synchronized Rev latest() {
            return size == 0 ? null : revs[size - 1];
        }

        /** The live version at {@code revision}, or null if the key did not exist then. */
        synchronized Rev at(long revision) {
            int i = indexAt(revision);
            return i < 0 || revs[i].tombstone() ? null : revs[i];
        }

        private int indexAt(long revision) {
            int lo = 0;
            int hi = size - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (revs[mid].modRevision() <= revision) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }

        /**
         * Drops versions older than the one live at {@code revision} (and that one too if it is a
         * deletion), adding the dropped revisions to {@code removed}. Returns true if empty now.
         */
        synchronized boolean compact(long revision, List<Long> removed) {
            int i = indexAt(revision);
            if (i < 0) {
                return size == 0;
            }
            int keepFrom = revs[i].tombstone() ? i + 1 : i;
            for (int j = 0; j < keepFrom; j++) {
                removed.add(revs[j].modRevision());
            }
            revs = Arrays.copyOfRange(revs, keepFrom, Math.max(keepFrom + 2, size));
            size -= keepFrom;
            return size == 0;
        }
    }

    /** Ordered, for ranges. */
    private final ConcurrentSkipListMap<String, History> keys = new ConcurrentSkipListMap<>();
    /**
     * The same histories by key, for point reads: every write looks its key up on the writer thread,
     * and a skip-list search over long shared-prefix keys was ~5% of the server's CPU per write.
     */
    private final ConcurrentHashMap<String, History> exact = new ConcurrentHashMap<>();

    void add(String key, Rev rev) {
        History h = exact.get(key);
        if (h == null) {
            h = new History();
            exact.put(key, h);
            keys.put(key, h);
        }
        h.add(rev);
    }

    Rev latest(String key) {
        History h = exact.get(key);
        return h == null ? null : h.latest();
    }

    Rev at(String key, long revision) {
        History h = exact.get(key);
        return h == null ? null : h.at(revision);
    }

    /** Keys starting with {@code prefix} and after {@code startAfter} (exclusive, may be null), in order. */
    Iterable<Map.Entry<String, History>> range(String prefix, String startAfter) {
        NavigableMap<String, History> tail = startAfter != null && startAfter.compareTo(prefix) >= 0
                ? keys.tailMap(startAfter, false)
                : keys.tailMap(prefix, true);
        return () -> tail.entrySet().stream().takeWhile(e -> e.getKey().startsWith(prefix)).iterator();
    }

    /** All keys, for rebuilding lease membership on open. */
    Iterable<Map.Entry<String, History>> all() {
        return keys.entrySet();
    }

    /** Compacts every key at {@code revision}; returns the revisions whose log records may be deleted. */
    List<Long> compact(long revision) {
        List<Long> removed = new ArrayList<>();
        for (Map.Entry<String, History> e : keys.entrySet()) {
            if (e.getValue().compact(revision, removed)) {
                keys.remove(e.getKey(), e.getValue());
                exact.remove(e.getKey(), e.getValue());
            }
        }
        return removed;
    }
}
