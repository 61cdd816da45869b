package io.jube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An object as a write returns it: the tree, and, when the resource is served in its storage
 * version and the object was just stored, the stored bytes from which its JSON is spliced without
 * serialising the tree again ({@link StoredJson}).
 */
public final class Served {
    private final ObjectNode object;
    private final byte[] stored;
    private final long revision;

    private Served(ObjectNode object, byte[] stored, long revision) {
        this.object = object;
        this.stored = stored;
        this.revision = revision;
    }

    /** Only the tree: the reply serialises it. */
    public static Served of(ObjectNode object) {
        return new Served(object, null, 0);
    }

    static Served stored(ObjectNode object, byte[] stored, long revision) {
        return new Served(object, stored, revision);
    }

    public ObjectNode object() {
        return object;
    }

    /** The served JSON, or null when only the tree has it. */
    public byte[] json() {
        return stored == null ? null : StoredJson.withResourceVersion(stored, revision);
    }
}
