package io.jube.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.ResourceDef;
import io.jube.apiserver.ApiException;
import io.jube.apiserver.registry.Registry;
import io.jube.apiserver.watch.CachedEvent;
import io.jube.apiserver.watch.WatchCache;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One API watcher: filters the cache's events for its namespace and selectors, reports selector
 * transitions as ADDED/DELETED like Kubernetes, and writes watch events (JSON lines, or Table rows
 * for kubectl get -w) to its connection. Closes itself when the connection cannot keep up.
 */
final class WatchStream implements WatchCache.Sink {
    /** Where encoded events go: a chunked HTTP response or a WebSocket. */
    interface Output {
        /** Writes one encoded event; returns false when the connection's queue is full. */
        boolean write(Buffer event);

        void end();
    }

    private final ResourceDef def;
    private final String keyPrefix;
    private final Predicate<ObjectNode> filter;
    private final boolean table;
    private final String includeObject;
    private final boolean bookmarks;
    private final Output out;
    private volatile boolean closed;
    private volatile long lastSent;
    private Consumer<WatchStream> onClose = s -> { };

    WatchStream(ResourceDef def, String keyPrefix, Predicate<ObjectNode> filter, boolean table, String includeObject,
                boolean bookmarks, Output out) {
        this.def = def;
        this.keyPrefix = keyPrefix;
        this.filter = filter;
        this.table = table;
        this.includeObject = includeObject;
        this.bookmarks = bookmarks;
        this.out = out;
    }

    void onClose(Consumer<WatchStream> c) {
        onClose = c;
    }

    @Override
    public boolean offer(CachedEvent e) {
        if (closed) {
            return true;
        }
        if (!e.key().startsWith(keyPrefix)) {
            return true;
        }
        String type = e.type();
        if (filter == Registry.ALL) {
            lastSent = e.revision();
            return out.write(encode(type, e));
        }
        // selectors read only labels and a few fields: test them on the cheap view, not the whole decoded object
        boolean cur = filter.test(e.selectorView());
        if (type.equals("MODIFIED")) {
            ObjectNode before = e.previousSelectorView(); // once: a replayed event caches no views
            boolean prev = before != null && filter.test(before);
            if (cur && !prev) {
                type = "ADDED";
            } else if (!cur && prev) {
                type = "DELETED";
            } else if (!cur) {
                return true;
            }
        } else if (!cur) {
            return true;
        }
        lastSent = e.revision();
        return out.write(encode(type, e));
    }

    private Buffer encode(String type, CachedEvent e) {
        if (table) {
            ObjectNode obj = Registry.toServed(def, e.object().deepCopy());
            ObjectNode t = Tables.table(def, java.util.List.of(obj), Json.object()
                    .put("resourceVersion", Long.toString(e.revision())), includeObject);
            return line(type, t);
        }
        String fmt = type + "|" + def.groupVersion();
        // in the storage version the event is spliced from the stored bytes; a conversion works on a copy
        byte[] bytes = e.encoding(fmt, () -> def.isStorageVersion() ? lineBytes(type, e.storedJson())
                : lineBytes(type, Registry.toServed(def, e.object().deepCopy())));
        return Buffer.buffer(bytes);
    }

    private static Buffer line(String type, ObjectNode obj) {
        return Buffer.buffer(lineBytes(type, obj));
    }

    /** {@code {"type":"<type>","object":<json>}} and a newline, from the object's JSON. */
    private static byte[] lineBytes(String type, byte[] json) {
        byte[] head = ("{\"type\":\"" + type + "\",\"object\":").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, line, 0, head.length);
        System.arraycopy(json, 0, line, head.length, json.length);
        line[line.length - 2] = '}';
        line[line.length - 1] = '\n';
        return line;
    }

    /** A watch event {@code {"type":<type>,"object":<obj>}}. */
    static ObjectNode event(String type, ObjectNode obj) {
        ObjectNode ev = Json.object();
        ev.put("type", type);
        ev.set("object", obj);
        return ev;
    }

    private static byte[] lineBytes(String type, ObjectNode obj) {
        byte[] json = Json.bytes(event(type, obj));
        byte[] withNl = java.util.Arrays.copyOf(json, json.length + 1);
        withNl[json.length] = '\n';
        return withNl;
    }

    @Override
    public void progress(long revision) {
        if (bookmarks && !closed && revision > lastSent) {
            lastSent = revision;
            out.write(line("BOOKMARK", bookmarkObject(revision, false)));
        }
    }

    /** Sent after the initial events when the client asked for sendInitialEvents. */
    void initialEventsEnd(long revision) {
        lastSent = revision;
        out.write(line("BOOKMARK", bookmarkObject(revision, true)));
    }

    private ObjectNode bookmarkObject(long revision, boolean initialEnd) {
        ObjectNode o = Json.object();
        o.put("kind", def.kind()).put("apiVersion", def.groupVersion());
        ObjectNode meta = o.putObject("metadata");
        meta.put("resourceVersion", Long.toString(revision));
        if (initialEnd) {
            meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
        }
        return o;
    }

    /** Ends the watch with an ERROR event carrying the Status (e.g. 410 Expired), then closes. */
    @Override
    public void close(ApiException reason) {
        if (closed) {
            return;
        }
        if (reason != null) {
            out.write(line("ERROR", reason.toStatus()));
        }
        finish();
    }

    void finish() {
        if (closed) {
            return;
        }
        closed = true;
        out.end();
        onClose.accept(this);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
