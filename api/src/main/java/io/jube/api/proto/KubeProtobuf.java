package io.jube.api.proto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.proto.FieldTable.Message;

/**
 * Kubernetes protobuf ({@code application/vnd.kubernetes.protobuf}) to and from the JSON form of
 * the same object, for the built-in kinds of core/v1, apps/v1, batch/v1, rbac/v1, policy/v1,
 * networking/v1, scheduling/v1, autoscaling/v1+v2, coordination/v1, discovery/v1, storage/v1,
 * events/v1 and the meta/v1 kinds (Status, DeleteOptions, WatchEvent, ...).
 *
 * <p>A body is the four bytes {@code k8s\0} then a runtime.Unknown message: TypeMeta (apiVersion,
 * kind), the object's own protobuf bytes, a content encoding and a content type.
 */
public final class KubeProtobuf {
    public static final String CONTENT_TYPE = "application/vnd.kubernetes.protobuf";
    static final byte[] MAGIC = {'k', '8', 's', 0};

    private static final FieldTable TABLE = FieldTable.get();
    private static final KindResolver KINDS = new KindResolver(TABLE);
    private static final ProtoDecoder DECODER = new ProtoDecoder(TABLE, KINDS);
    private static final ProtoEncoder ENCODER = new ProtoEncoder(TABLE);

    private KubeProtobuf() {
    }

    /**
     * The JSON object a protobuf body stands for, with {@code kind} and {@code apiVersion} first.
     *
     * @throws ProtobufException when the body is not Kubernetes protobuf, is truncated or malformed,
     *                           nests too deep, or carries a kind this table does not cover
     */
    public static ObjectNode decode(byte[] body) {
        return DECODER.decodeEnvelope(body, 0);
    }

    /**
     * The protobuf body for a JSON object that names its {@code apiVersion} and {@code kind}.
     *
     * @throws ProtobufException when the kind is not covered or a field has the wrong JSON type
     */
    public static byte[] encode(JsonNode obj) {
        if (obj == null || !obj.isObject()) {
            throw new ProtobufException("only a JSON object can be encoded");
        }
        String apiVersion = obj.path("apiVersion").asText("");
        String kind = obj.path("kind").asText("");
        Message m = KINDS.message(apiVersion, kind);
        if (m == null) {
            throw new ProtobufException("protobuf: unsupported kind " + kind + " in apiVersion \"" + apiVersion + "\"");
        }
        WireWriter typeMeta = new WireWriter();
        typeMeta.stringField(1, apiVersion);
        typeMeta.stringField(2, kind);
        WireWriter unknown = new WireWriter();
        unknown.raw(MAGIC);
        unknown.messageField(1, typeMeta);
        unknown.messageField(2, ENCODER.encode(m, obj, kind, 0));
        unknown.stringField(3, "");
        unknown.stringField(4, "");
        return unknown.toByteArray();
    }

    /** Whether this apiVersion and kind can be decoded and encoded. */
    public static boolean supports(String apiVersion, String kind) {
        return KINDS.message(apiVersion, kind) != null;
    }

    /** Whether these bytes start with the Kubernetes protobuf prefix. */
    public static boolean hasMagic(byte[] body) {
        if (body == null || body.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (body[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
