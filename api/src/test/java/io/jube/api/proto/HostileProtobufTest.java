package io.jube.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jube.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed, truncated and adversarial bodies end in ProtobufException, never a hang or a crash. */
class HostileProtobufTest {
    private static final byte[] DEPLOYMENT = KubeProtobuf.encode(Json.parse("""
            {"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
               "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx",
                 "ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}},
                 "livenessProbe":{"httpGet":{"port":"http"}}}]}}}}""".getBytes(StandardCharsets.UTF_8)));

    @Test
    void missingPrefixIsRejected() {
        assertThatThrownBy(() -> KubeProtobuf.decode(new byte[0])).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("k8s\\0");
        assertThatThrownBy(() -> KubeProtobuf.decode("{\"kind\":\"Pod\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("k8s\\0");
        assertThatThrownBy(() -> KubeProtobuf.decode(null)).isInstanceOf(ProtobufException.class);
    }

    @Test
    void randomBytesNeverEscapeAsOtherExceptions() {
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 5_000; i++) {
            byte[] body = new byte[4 + random.nextInt(200)];
            random.nextBytes(body);
            System.arraycopy(KubeProtobuf.MAGIC, 0, body, 0, 4);
            try {
                KubeProtobuf.decode(body);
            } catch (ProtobufException e) {
                rejected++;
            }
        }
        assertThat(rejected).as("random bytes almost never form a body naming a kind").isGreaterThan(4_900);
    }

    @Test
    void flippedBytesOfARealBodyNeverEscapeAsOtherExceptions() {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] body = DEPLOYMENT.clone();
            for (int j = 0; j < 3; j++) {
                body[4 + random.nextInt(body.length - 4)] = (byte) random.nextInt(256);
            }
            try {
                KubeProtobuf.decode(body);
            } catch (ProtobufException expected) {
                // the only failure allowed
            }
        }
    }

    @Test
    void everyTruncationInsideTheObjectIsRejected() {
        int rawEnd = DEPLOYMENT.length - 4; // the body ends with empty contentEncoding and contentType
        int rawStart = rawEnd - rawLength();
        for (int cut = 0; cut < DEPLOYMENT.length; cut++) {
            byte[] body = Arrays.copyOf(DEPLOYMENT, cut);
            try {
                KubeProtobuf.decode(body);
                if (cut > rawStart - 2 && cut < rawEnd) {
                    fail("a body cut at " + cut + " inside the object decoded");
                }
            } catch (ProtobufException expected) {
                // truncated data is reported
            }
        }
    }

    /** The length of the object record (runtime.Unknown field 2), read from its header. */
    private static int rawLength() {
        // field 2 of runtime.Unknown: tag 0x12, then a varint length; find it after the TypeMeta record
        int typeMetaLength = DEPLOYMENT[5];
        int at = 4 + 2 + typeMetaLength;
        assertThat(DEPLOYMENT[at]).isEqualTo((byte) 0x12);
        int len = 0;
        int shift = 0;
        int i = at + 1;
        while ((DEPLOYMENT[i] & 0x80) != 0) {
            len |= (DEPLOYMENT[i++] & 0x7f) << shift;
            shift += 7;
        }
        return len | (DEPLOYMENT[i] << shift);
    }

    @Test
    void lengthsBeyondTheBodyAreRejected() {
        byte[] body = HexFormat.of().parseHex("6b387300" + "0affffffff0f");
        assertThatThrownBy(() -> KubeProtobuf.decode(body)).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("exceeds");
        byte[] longVarint = HexFormat.of().parseHex("6b387300" + "28ffffffffffffffffffff01");
        assertThatThrownBy(() -> KubeProtobuf.decode(longVarint)).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("varint");
    }

    @Test
    void wrongWireTypeNamesTheField() {
        // a ConfigMap whose metadata (field 1) arrives as a varint
        byte[] body = envelope("v1", "ConfigMap", HexFormat.of().parseHex("0805"));
        assertThatThrownBy(() -> KubeProtobuf.decode(body)).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("ConfigMap.metadata");
    }

    @Test
    void unknownKindAndContentEncodingAreRejected() {
        assertThatThrownBy(() -> KubeProtobuf.decode(envelope("example.com/v1", "Widget", new byte[0])))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("unsupported kind Widget");
        WireWriter w = new WireWriter();
        w.raw(KubeProtobuf.MAGIC);
        WireWriter tm = new WireWriter();
        tm.stringField(1, "v1");
        tm.stringField(2, "ConfigMap");
        w.messageField(1, tm);
        w.stringField(3, "gzip");
        assertThatThrownBy(() -> KubeProtobuf.decode(w.toByteArray())).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("gzip");
    }

    @Test
    void invalidJsonInsideARawExtensionIsRejected() {
        WireWriter raw = new WireWriter();
        raw.bytesField(1, "{not json".getBytes(StandardCharsets.UTF_8));
        WireWriter list = new WireWriter();
        list.messageField(2, raw);
        assertThatThrownBy(() -> KubeProtobuf.decode(envelope("v1", "List", list.toByteArray())))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("invalid JSON");
    }

    @Test
    void deepNestingIsCutOff() {
        // v1 List items are RawExtensions, which may hold another protobuf body: nest 500 of them
        byte[] inner = envelope("v1", "List", new byte[0]);
        for (int i = 0; i < 500; i++) {
            WireWriter item = new WireWriter();
            item.bytesField(1, inner);
            WireWriter list = new WireWriter();
            list.messageField(2, item);
            inner = envelope("v1", "List", list.toByteArray());
        }
        byte[] body = inner;
        assertThatThrownBy(() -> KubeProtobuf.decode(body)).isInstanceOf(ProtobufException.class)
                .hasMessageContaining("nesting deeper than");
    }

    @Test
    void shallowNestedBodiesInsideListsDecode() {
        byte[] pod = KubeProtobuf.encode(Json.parse("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"}}"
                .getBytes(StandardCharsets.UTF_8)));
        WireWriter item = new WireWriter();
        item.bytesField(1, pod);
        WireWriter list = new WireWriter();
        list.messageField(2, item);
        assertThat(KubeProtobuf.decode(envelope("v1", "List", list.toByteArray())).at("/items/0/metadata/name").asText())
                .isEqualTo("p");
    }

    private static byte[] envelope(String apiVersion, String kind, byte[] raw) {
        WireWriter tm = new WireWriter();
        tm.stringField(1, apiVersion);
        tm.stringField(2, kind);
        WireWriter w = new WireWriter();
        w.raw(KubeProtobuf.MAGIC);
        w.messageField(1, tm);
        w.bytesField(2, raw);
        return w.toByteArray();
    }
}
