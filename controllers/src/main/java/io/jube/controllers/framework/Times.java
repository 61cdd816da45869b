package io.jube.controllers.framework;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** RFC 3339 timestamps as the API writes them (seconds precision). */
public final class Times {
    private Times() {
    }

    /** Parses an API timestamp; {@code null} for absent or malformed values (never throws on bad data). */
    public static Instant parse(String ts) {
        if (ts == null || ts.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(ts).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String format(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
