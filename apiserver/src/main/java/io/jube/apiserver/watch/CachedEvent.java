package io.jube.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.selector.SelectorView;
import io.jube.store.KeyValue;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One change as the watch cache holds it: the type Kubernetes reports (ADDED, MODIFIED, DELETED),
 * the stored bytes of the object (resourceVersion = the change's revision) and of the previous
 * object (null on ADDED) so selector transitions can be reported.
 *
 * <p>Objects are decoded only when a watcher looks at them, once per change however many watchers
 * do, and so are the encodings (one per served format). Once the change has been offered to every
 * watcher, {@link #compact()} drops them and only the bytes stay: decoded trees take several times
 * the space of their JSON, and the window of past changes is only read again when a watch resumes
 * from an older resourceVersion. Decoding and compaction happen under the cache's lock; the
 * encodings are read by watchers on that same thread.
 */
public final class CachedEvent {
    private final String type;
    private final String key;
    private final long revision;
    private final KeyValue stored;
    private final KeyValue storedPrevious;
    private final boolean compactable;
    private ObjectNode object;
    private ObjectNode previous;
    private Map<String, Object> encodings = new HashMap<>(4);

    /** A change from the store: {@code stored}/{@code storedPrevious} are the object's bytes after and before. */
    CachedEvent(String type, String key, long revision, KeyValue stored, KeyValue storedPrevious) {
        this(type, key, revision, stored, storedPrevious, true);
    }

    private CachedEvent(String type, String key, long revision, KeyValue stored, KeyValue storedPrevious,
                        boolean compactable) {
        this.type = type;
        this.key = key;
        this.revision = revision;
        this.stored = stored;
        this.storedPrevious = storedPrevious;
        this.compactable = compactable;
    }

    /** A current object sent as ADDED to a watch that starts from the current state. */
    static CachedEvent added(KeyValue kv) {
        return new CachedEvent("ADDED", kv.key(), kv.modRevision(), kv, null, false);
    }

    public String type() {
        return type;
    }

    public String key() {
        return key;
    }

    public long revision() {
        return revision;
    }

    /** Bytes of stored objects this event keeps once compacted. */
    int size() {
        return (stored == null ? 0 : stored.value().length) + (storedPrevious == null ? 0 : storedPrevious.value().length);
    }

    /** The object (read-only: shared by every watcher). */
    public ObjectNode object() {
        ObjectNode o = object;
        if (o == null) {
            o = decode(stored, revision);
            if (encodings != null) {
                object = o;
            }
        }
        return o;
    }

    /** The object before this change; null on ADDED. */
    public ObjectNode previous() {
        ObjectNode p = previous;
        if (p == null && storedPrevious != null) {
            p = decode(storedPrevious, storedPrevious.modRevision());
            if (encodings != null) {
                previous = p;
            }
        }
        return p;
    }

    /**
     * What selectors read of the object ({@link SelectorView}): far cheaper than {@link #object} to decode; kept,
     * like the encodings, while the change is dispatched.
     */
    public ObjectNode selectorView() {
        return encoding("selector view", () -> SelectorView.of(stored.value()));
    }

    /** What selectors read of the object before this change; null on ADDED. */
    public ObjectNode previousSelectorView() {
        return storedPrevious == null ? null
                : encoding("previous selector view", () -> SelectorView.of(storedPrevious.value()));
    }

    /** The object's served JSON in the storage version, spliced from its stored bytes. */
    public byte[] storedJson() {
        return io.jube.apiserver.registry.StoredJson.withResourceVersion(stored.value(), revision);
    }

    /** An encoding (or other view) of this event, computed once per {@code format} while it is being dispatched. */
    @SuppressWarnings("unchecked")
    public <T> T encoding(String format, Supplier<T> compute) {
        Map<String, Object> e = encodings;
        return e == null ? compute.get() : (T) e.computeIfAbsent(format, f -> compute.get());
    }

    /** Drops decoded objects and encodings once every current watcher has been offered this event. */
    void compact() {
        if (compactable) {
            encodings = null;
            object = null;
            previous = null;
        }
    }

    /** Decodes stored bytes with the resourceVersion Kubernetes reports for them. */
    static ObjectNode decode(KeyValue kv, long resourceVersion) {
        ObjectNode obj = (ObjectNode) Json.parse(kv.value());
        Json.with(obj, "metadata").put("resourceVersion", Long.toString(resourceVersion));
        return obj;
    }
}
