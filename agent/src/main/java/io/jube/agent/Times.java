package io.jube.agent;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Kubernetes time formats: metav1.Time has second precision, MicroTime microseconds. */
final class Times {
    private Times() {
    }

    static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static ZonedDateTime microTime(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
    }
}
