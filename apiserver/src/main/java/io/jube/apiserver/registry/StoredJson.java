package io.jube.apiserver.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.jube.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The served JSON of a stored object without decoding it: objects are stored without
 * {@code metadata.resourceVersion} (it is the store's revision), so the JSON a client gets is the
 * stored bytes with that one field spliced into {@code metadata}. Gets, lists, watch events and
 * write replies of a resource served in its storage version use this instead of parsing the bytes
 * into a tree and serialising the tree again. A streaming parser finds {@code metadata}; it is
 * near the front of every object we store, so only a few tokens are read.
 */
public final class StoredJson {
    private static final byte[] RV_FIELD = "\"resourceVersion\":\"".getBytes(StandardCharsets.US_ASCII);

    private StoredJson() {
    }

    /** {@code stored} (one JSON object, without metadata.resourceVersion) with resourceVersion {@code rv}. */
    public static byte[] withResourceVersion(byte[] stored, long rv) {
        byte[] version = Long.toString(rv).getBytes(StandardCharsets.US_ASCII);
        int at = -1;
        boolean emptyMeta = false;
        boolean oddMeta = false;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("stored value is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean meta = "metadata".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (meta) {
                    if (value != JsonToken.START_OBJECT) {
                        oddMeta = true; // not written by us: let the tree code replace it
                        break;
                    }
                    at = (int) p.currentTokenLocation().getByteOffset() + 1;
                    emptyMeta = p.nextToken() == JsonToken.END_OBJECT;
                    break;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (oddMeta) {
            com.fasterxml.jackson.databind.node.ObjectNode obj = (com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(stored);
            Json.with(obj, "metadata").put("resourceVersion", Long.toString(rv));
            return Json.bytes(obj);
        }
        if (at < 0) {
            return withNewMetadata(stored, version);
        }
        // "resourceVersion":"<rv>" then a comma unless metadata was {}
        byte[] out = new byte[stored.length + RV_FIELD.length + version.length + 1 + (emptyMeta ? 0 : 1)];
        System.arraycopy(stored, 0, out, 0, at);
        int i = at;
        System.arraycopy(RV_FIELD, 0, out, i, RV_FIELD.length);
        i += RV_FIELD.length;
        System.arraycopy(version, 0, out, i, version.length);
        i += version.length;
        out[i++] = '"';
        if (!emptyMeta) {
            out[i++] = ',';
        }
        System.arraycopy(stored, at, out, i, stored.length - at);
        return out;
    }

    /** An object without metadata gets {@code "metadata":{"resourceVersion":...}} as its first field. */
    private static byte[] withNewMetadata(byte[] stored, byte[] version) {
        int open = 0;
        while (stored[open] != '{') {
            open++;
        }
        boolean empty = true;
        for (int j = open + 1; j < stored.length; j++) {
            byte b = stored[j];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                empty = b == '}';
                break;
            }
        }
        byte[] field = ("{\"metadata\":{\"resourceVersion\":\"" + new String(version, StandardCharsets.US_ASCII)
                + "\"}" + (empty ? "" : ",")).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[stored.length - 1 + field.length];
        System.arraycopy(stored, 0, out, 0, open);
        System.arraycopy(field, 0, out, open, field.length);
        System.arraycopy(stored, open + 1, out, open + field.length, stored.length - open - 1);
        return out;
    }
}
