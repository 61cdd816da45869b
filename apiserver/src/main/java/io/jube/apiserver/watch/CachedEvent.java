package io.jube.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.store.KeyValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One change as the watch cache holds it: the type Kubernetes reports (ADDED, MODIFIED, DELETED),
 * the object in its storage version (resourceVersion = the change's revision), and the previous
 * object (null on ADDED) so selector transitions can be reported.
 *
 * <p>While a change is fanned out its decoded objects and encodings (one per served format) are kept,
 * so many watchers cost one serialisation. Once dispatched, {@link #compact()} drops them and keeps
 * only the stored bytes: decoded trees take several times the space of their JSON, and the window of
 * past changes is only read again when a watch resumes from an older resourceVersion.
 */
public final class CachedEvent {
    private final String type;
    private final String key;
    private final long revision;
    private final KeyValue stored;
    private final KeyValue storedPrevious;
    private volatile ObjectNode object;
    private volatile ObjectNode previous;
    private volatile Map<String, Object> encodings = new ConcurrentHashMap<>();

    /** A change from the store; {@code stored}/{@code storedPrevious} are the bytes it can be rebuilt from. */
    CachedEvent(String type, String key, long revision, ObjectNode object, ObjectNode previous,
                KeyValue stored, KeyValue storedPrevious) {
        this.type = type;
        this.key = key;
        this.revision = revision;
        this.object = object;
        this.previous = previous;
        this.stored = stored;
        this.storedPrevious = storedPrevious;
    }

    /** A synthetic event (the current state sent as ADDED); it is never compacted. */
    public CachedEvent(String type, String key, long revision, ObjectNode object) {
        this(type, key, revision, object, null, null, null);
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
        }
        return o;
    }

    public ObjectNode previous() {
        ObjectNode p = previous;
        if (p == null && storedPrevious != null) {
            p = decode(storedPrevious, storedPrevious.modRevision());
        }
        return p;
    }

    /** A cached encoding of this event, computed once per {@code format} while it is being dispatched. */
    @SuppressWarnings("unchecked")
    public <T> T encoding(String format, Supplier<T> compute) {
        Map<String, Object> e = encodings;
        return e == null ? compute.get() : (T) e.computeIfAbsent(format, f -> compute.get());
    }

    /** Drops decoded objects and encodings once every current watcher has been offered this event. */
    void compact() {
        if (stored != null) {
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
