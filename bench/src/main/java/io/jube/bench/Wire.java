package io.jube.bench;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * HTTP/1.1 requests as ready-to-write bytes, so the load generator builds no header maps or
 * strings per request. Object names carry a fixed-width number ({@link #NAME_DIGITS} digits), so a
 * create or get is one template copy with the digits filled in and a constant Content-Length.
 */
final class Wire {
    static final int NAME_DIGITS = 8;
    private static final byte MARK = 1; // stands for a name digit in a template; never in real text
    private static final String NAME_MARK = "\u0001".repeat(NAME_DIGITS);

    private final String host;

    /** @param host the Host header value, e.g. 127.0.0.1:6443 */
    Wire(String host) {
        this.host = host;
    }

    /** An object name with its number at fixed width: {@code c-00000042}. */
    static String name(String prefix, int number) {
        return prefix + digits(number);
    }

    private static String digits(int number) {
        String s = Integer.toString(number);
        if (number < 0 || s.length() > NAME_DIGITS) {
            throw new IllegalArgumentException("object number out of range: " + number);
        }
        return "0".repeat(NAME_DIGITS - s.length()) + s;
    }

    /** A whole request, built once (setup calls, pods, the list phase's fixed GET). */
    Buffer request(String method, String path, Buffer body) {
        byte[] head = head(method, path, body == null ? -1 : body.length()).getBytes(StandardCharsets.UTF_8);
        Buffer b = Buffer.buffer(head.length + (body == null ? 0 : body.length())).appendBytes(head);
        return body == null ? b : b.appendBuffer(body);
    }

    /**
     * A request whose path and body may contain the placeholder {@link #NAME_MARK} (via
     * {@link #nameSlot(String)}); {@link Template#with(int)} fills in the number.
     */
    Template template(String method, String path, String body) {
        byte[] b = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
        String head = head(method, path, b == null ? -1 : b.length);
        return new Template(concat(head.getBytes(StandardCharsets.UTF_8), b == null ? new byte[0] : b));
    }

    /** {@code prefix} followed by the digit placeholder, for a template's path or body. */
    static String nameSlot(String prefix) {
        return prefix + NAME_MARK;
    }

    /** PUT of a configmap with its last resourceVersion (whose length varies, and so the Content-Length). */
    Update update(String namespace, String prefix) {
        String name = nameSlot(prefix);
        String body = ConfigMaps.text(namespace, name, "\u0002", "\u0003");
        int rv = body.indexOf('\u0002');
        int gen = body.indexOf('\u0003');
        String head = "PUT " + ConfigMaps.item(namespace, name) + " HTTP/1.1\r\nHost: " + host
                + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ";
        return new Update(new Template(ascii(head)), new Template(ascii(body.substring(0, rv))),
                ascii(body.substring(rv + 1, gen)), ascii(body.substring(gen + 1)));
    }

    private String head(String method, String path, int contentLength) {
        StringBuilder h = new StringBuilder(160).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append("\r\nAccept: application/json\r\n");
        if (contentLength >= 0) {
            h.append("Content-Type: application/json\r\nContent-Length: ").append(contentLength).append("\r\n");
        }
        return h.append("\r\n").toString();
    }

    /** Bytes with fixed-width digit slots, all filled with the same number. */
    static final class Template {
        private final byte[] bytes;
        private final int[] slots;

        Template(byte[] withMarks) {
            this.bytes = withMarks;
            int[] found = new int[4];
            int n = 0;
            for (int i = 0; i < withMarks.length; i++) {
                if (withMarks[i] == MARK) {
                    if (n == found.length) {
                        found = Arrays.copyOf(found, n * 2);
                    }
                    found[n++] = i;
                    i += NAME_DIGITS - 1;
                }
            }
            this.slots = Arrays.copyOf(found, n);
        }

        int length() {
            return bytes.length;
        }

        /** A fresh request with {@code number} in every slot: one copy of the template. */
        Buffer with(int number) {
            byte[] b = bytes.clone();
            fill(b, 0, number);
            return Buffer.buffer(Unpooled.wrappedBuffer(b));
        }

        /** Copies the template into {@code dst} at {@code at}, filled with {@code number}; returns the end. */
        int copyTo(byte[] dst, int at, int number) {
            System.arraycopy(bytes, 0, dst, at, bytes.length);
            fill(dst, at, number);
            return at + bytes.length;
        }

        private void fill(byte[] dst, int base, int number) {
            if (number < 0 || number >= 100_000_000) {
                throw new IllegalArgumentException("object number out of range: " + number);
            }
            for (int slot : slots) {
                int v = number;
                for (int i = slot + NAME_DIGITS - 1; i >= slot; i--) {
                    dst[base + i] = (byte) ('0' + v % 10);
                    v /= 10;
                }
            }
        }
    }

    /** A configmap PUT assembled from pre-encoded parts around the name, resourceVersion and generation. */
    static final class Update {
        private final Template head;  // up to "Content-Length: "
        private final Template body1; // up to the resourceVersion value
        private final byte[] body2;   // between the resourceVersion and the generation
        private final byte[] body3;   // after the generation

        private Update(Template head, Template body1, byte[] body2, byte[] body3) {
            this.head = head;
            this.body1 = body1;
            this.body2 = body2;
            this.body3 = body3;
        }

        Buffer with(int number, String resourceVersion, int generation) {
            int rvLen = resourceVersion.length();
            int genLen = decimalLength(generation);
            int bodyLen = body1.length() + rvLen + body2.length + genLen + body3.length;
            int lenLen = decimalLength(bodyLen);
            byte[] b = new byte[head.length() + lenLen + 4 + bodyLen];
            int at = head.copyTo(b, 0, number);
            at = decimal(b, at, bodyLen, lenLen);
            b[at++] = '\r';
            b[at++] = '\n';
            b[at++] = '\r';
            b[at++] = '\n';
            at = body1.copyTo(b, at, number);
            for (int i = 0; i < rvLen; i++) { // resourceVersions are ASCII digits in practice; JSON-safe either way
                char c = resourceVersion.charAt(i);
                if (c >= 0x80 || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("unexpected resourceVersion " + resourceVersion);
                }
                b[at++] = (byte) c;
            }
            System.arraycopy(body2, 0, b, at, body2.length);
            at = decimal(b, at + body2.length, generation, genLen);
            System.arraycopy(body3, 0, b, at, body3.length);
            return Buffer.buffer(Unpooled.wrappedBuffer(b));
        }
    }

    private static int decimalLength(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("negative: " + v);
        }
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }

    private static int decimal(byte[] b, int at, int v, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + width;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
