package io.jube.apiserver.watch;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One change as the watch cache holds it: the type Kubernetes reports (ADDED, MODIFIED, DELETED),
 * the object in its storage version (resourceVersion = the change's revision), and the previous
 * object (null on ADDED) so selector transitions can be reported. Encodings are cached per
 * served version so a change fanned out to many watchers is serialised once.
 */
public final class CachedEvent {
    private final String type;
    private final String key;
    private final long revision;
    private final ObjectNode object;
    private final ObjectNode previous;
    private final Map<String, Object> encodings = new ConcurrentHashMap<>();

    public CachedEvent(String type, String key, long revision, ObjectNode object, ObjectNode previous) {
        this.type = type;
        this.key = key;
        this.revision = revision;
        this.object = object;
        this.previous = previous;
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

    /** The object (read-only: shared by every watcher). */
    public ObjectNode object() {
        return object;
    }

    public ObjectNode previous() {
        return previous;
    }

    /** A cached encoding of this event, computed once per {@code format}. */
    @SuppressWarnings("unchecked")
    public <T> T encoding(String format, java.util.function.Supplier<T> compute) {
        return (T) encodings.computeIfAbsent(format, f -> compute.get());
    }
}
