package io.jube.bench;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reply being read on one keep-alive connection: an incremental HTTP/1.1 parser for one
 * reply at a time (status line, Content-Length, Connection: close) into a reused byte array, and,
 * once the reply is whole, a view of it that stays valid until {@link #next()}. The load
 * generator never builds header maps, strings or JSON trees for a reply unless it asks for them.
 * Chunked replies are refused: the API server sends them only for watches, which the bench
 * reads with {@link KubeHttp}.
 */
final class Http1Reply {
    /** A reply bigger than this is a server bug as far as the bench is concerned. */
    private static final int MAX_BYTES = 256 << 20;

    private byte[] buf = new byte[4096];
    private int len;
    private int scanned;        // where to resume looking for the end of the headers
    private int bodyStart = -1; // set once the headers are parsed
    private int contentLength;
    private int status;
    private boolean close;

    /** Appends bytes from the socket; true once a whole reply is buffered. */
    boolean feed(Buffer data) {
        int n = data.length();
        ensure(n);
        data.getBytes(0, n, buf, len);
        len += n;
        return parse();
    }

    /** Same for a byte range (tests). */
    boolean feed(byte[] src, int off, int n) {
        ensure(n);
        System.arraycopy(src, off, buf, len, n);
        len += n;
        return parse();
    }

    /** Whether any bytes of a reply are buffered (so a close now cuts a reply short). */
    boolean partial() {
        return len > 0;
    }

    /** Drops the reply just read, keeping any bytes that followed it. */
    void next() {
        int end = bodyStart < 0 ? 0 : bodyStart + contentLength;
        int rest = Math.max(0, len - end);
        if (rest > 0) {
            System.arraycopy(buf, end, buf, 0, rest);
        }
        len = rest;
        scanned = 0;
        bodyStart = -1;
        contentLength = 0;
        status = 0;
        close = false;
    }

    int status() {
        return status;
    }

    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The server said Connection: close; the connection cannot carry another request. */
    boolean closeAfter() {
        return close;
    }

    int bodyLength() {
        return contentLength;
    }

    /** A copy of the body, for the few replies the bench parses whole (list checks). */
    byte[] bodyBytes() {
        return Arrays.copyOfRange(buf, bodyStart, bodyStart + contentLength);
    }

    String text() {
        return new String(buf, bodyStart, contentLength, StandardCharsets.UTF_8);
    }

    /** The first string value of {@code key} in the body (see {@link JsonScan}), or null. */
    String firstString(byte[] quotedKey) {
        return JsonScan.firstString(buf, bodyStart, bodyStart + contentLength, quotedKey);
    }

    private void ensure(int more) {
        if ((long) len + more > MAX_BYTES) {
            throw new IllegalStateException("reply larger than " + (MAX_BYTES >> 20) + " MB");
        }
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private boolean parse() {
        if (bodyStart < 0) {
            int end = headersEnd();
            if (end < 0) {
                return false;
            }
            parseHeaders(end);
            bodyStart = end + 4;
        }
        return len - bodyStart >= contentLength;
    }

    /** Index of the CRLFCRLF ending the headers, or -1. */
    private int headersEnd() {
        for (int i = Math.max(0, scanned - 3); i + 3 < len; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i;
            }
        }
        scanned = len;
        return -1;
    }

    private void parseHeaders(int end) {
        // "HTTP/1.1 200 OK"
        if (end < 12 || !startsWith(0, "HTTP/1.") || buf[8] != ' ') {
            throw new IllegalStateException("not an HTTP/1.x reply: " + ascii(0, Math.min(end, 40)));
        }
        status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
        if (status < 100 || status > 999) {
            throw new IllegalStateException("bad status line: " + ascii(0, Math.min(end, 40)));
        }
        close = buf[7] == '0'; // HTTP/1.0 closes unless told otherwise
        int length = -1;
        int line = lineEnd(0, end) + 2;
        while (line < end) {
            int eol = lineEnd(line, end);
            int colon = indexOf((byte) ':', line, eol);
            if (colon > 0) {
                int v = colon + 1;
                while (v < eol && (buf[v] == ' ' || buf[v] == '\t')) {
                    v++;
                }
                if (nameIs(line, colon, "content-length")) {
                    length = parseLength(v, eol);
                } else if (nameIs(line, colon, "transfer-encoding")) {
                    throw new IllegalStateException("chunked reply (Transfer-Encoding: " + ascii(v, eol)
                            + "); the bench client reads only Content-Length replies");
                } else if (nameIs(line, colon, "connection")) {
                    String value = ascii(v, eol).toLowerCase(java.util.Locale.ROOT);
                    close = value.contains("close") || (close && !value.contains("keep-alive"));
                }
            }
            line = eol + 2;
        }
        if (length < 0) {
            if (status == 204 || status == 304 || status < 200) {
                length = 0;
            } else {
                throw new IllegalStateException("HTTP " + status + " reply without Content-Length");
            }
        }
        if (length > MAX_BYTES) {
            throw new IllegalStateException("reply larger than " + (MAX_BYTES >> 20) + " MB");
        }
        contentLength = length;
        ensure(Math.max(0, end + 4 + length - len));
    }

    private int lineEnd(int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n') {
                return i;
            }
        }
        return end;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(int from, int to, String lowerName) {
        if (to - from != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < lowerName.length(); i++) {
            int c = buf[from + i];
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int parseLength(int from, int to) {
        long n = 0;
        int i = from;
        for (; i < to && buf[i] >= '0' && buf[i] <= '9'; i++) {
            n = n * 10 + (buf[i] - '0');
            if (n > MAX_BYTES) {
                throw new IllegalStateException("reply larger than " + (MAX_BYTES >> 20) + " MB");
            }
        }
        if (i == from) {
            throw new IllegalStateException("bad Content-Length: " + ascii(from, to));
        }
        return (int) n;
    }

    private boolean startsWith(int at, String s) {
        if (at + s.length() > len) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (buf[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, Math.max(0, to - from), StandardCharsets.ISO_8859_1);
    }
}
