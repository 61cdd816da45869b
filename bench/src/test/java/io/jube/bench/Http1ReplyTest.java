package io.jube.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1ReplyTest {
    private static final byte[] RV = JsonScan.key("resourceVersion");

    private static byte[] reply(int status, String headers, String body) {
        return ("HTTP/1.1 " + status + " X\r\n" + headers + "\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAWholeReply() {
        String body = "{\"metadata\":{\"name\":\"c-1\",\"resourceVersion\":\"42\"}}";
        Http1Reply r = new Http1Reply();
        byte[] b = reply(201, "Content-Type: application/json\r\ncontent-length: " + body.length() + "\r\n", body);
        assertThat(r.feed(b, 0, b.length)).isTrue();
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.ok()).isTrue();
        assertThat(r.closeAfter()).isFalse();
        assertThat(r.text()).isEqualTo(body);
        assertThat(r.firstString(RV)).isEqualTo("42");
    }

    @Test
    void assemblesAReplySplitAcrossReads() {
        String body = "x".repeat(10_000);
        byte[] b = reply(200, "Content-Length: " + body.length() + "\r\n", body);
        Http1Reply r = new Http1Reply();
        for (int i = 0; i < b.length - 1; i++) {
            assertThat(r.feed(b, i, 1)).as("byte %d", i).isFalse();
        }
        assertThat(r.feed(b, b.length - 1, 1)).isTrue();
        assertThat(r.bodyLength()).isEqualTo(10_000);
        assertThat(r.text()).isEqualTo(body);
    }

    @Test
    void keepsBytesOfTheNextReplyAndResetsBetweenReplies() {
        byte[] one = reply(409, "Content-Length: 2\r\nConnection: close\r\n", "{}");
        byte[] two = reply(200, "Content-Length: 3\r\n", "abc");
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        Http1Reply r = new Http1Reply();
        assertThat(r.feed(both, 0, both.length)).isTrue();
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.ok()).isFalse();
        assertThat(r.closeAfter()).isTrue();
        r.next();
        assertThat(r.partial()).isTrue();
        assertThat(r.feed(new byte[0], 0, 0)).isTrue();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.closeAfter()).isFalse();
        assertThat(r.text()).isEqualTo("abc");
        r.next();
        assertThat(r.partial()).isFalse();
    }

    @Test
    void emptyBodiesNeedNoLengthOnlyWhereHttpSaysSo() {
        Http1Reply r = new Http1Reply();
        byte[] b = reply(204, "", "");
        assertThat(r.feed(b, 0, b.length)).isTrue();
        assertThat(r.bodyLength()).isZero();

        byte[] noLength = reply(200, "Content-Type: application/json\r\n", "{}");
        assertThatThrownBy(() -> new Http1Reply().feed(noLength, 0, noLength.length))
                .hasMessageContaining("without Content-Length");
    }

    @Test
    void refusesChunkedAndGarbage() {
        byte[] chunked = reply(200, "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n");
        assertThatThrownBy(() -> new Http1Reply().feed(chunked, 0, chunked.length)).hasMessageContaining("chunked");
        byte[] garbage = "SSH-2.0-OpenSSH\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Http1Reply().feed(garbage, 0, garbage.length)).hasMessageContaining("not an HTTP");
    }

    @Test
    void http10ClosesUnlessKeptAlive() {
        byte[] b = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Http1Reply r = new Http1Reply();
        assertThat(r.feed(b, 0, b.length)).isTrue();
        assertThat(r.closeAfter()).isTrue();
        byte[] kept = "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        Http1Reply k = new Http1Reply();
        assertThat(k.feed(kept, 0, kept.length)).isTrue();
        assertThat(k.closeAfter()).isFalse();
    }
}
