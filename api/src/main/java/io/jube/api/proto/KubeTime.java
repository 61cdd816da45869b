package io.jube.api.proto;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** metav1.Time / MicroTime: protobuf {seconds, nanos} to and from their RFC 3339 JSON text. */
final class KubeTime {
    /** Seconds of Go's zero time (year 1), which Kubernetes reads back as an unset time. */
    static final long GO_ZERO_SECONDS = -62135596800L;
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

    private KubeTime() {
    }

    /** The JSON text, or null for Go's zero time (an empty message is zero too: the caller's case). */
    static String format(long seconds, long nanos, boolean micro) {
        if (seconds == GO_ZERO_SECONDS && nanos == 0) {
            return null;
        }
        try {
            OffsetDateTime t = Instant.ofEpochSecond(seconds, nanos).atOffset(ZoneOffset.UTC);
            if (t.getYear() < 0 || t.getYear() > 9999) {
                throw new ProtobufException("protobuf: time " + seconds + "s outside years 0-9999");
            }
            return (micro ? MICROS : SECONDS).format(t);
        } catch (DateTimeException | ArithmeticException e) {
            throw new ProtobufException("protobuf: time " + seconds + "s out of range");
        }
    }

    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException e) {
            throw new ProtobufException("invalid RFC 3339 time \"" + text + "\"");
        }
    }
}
