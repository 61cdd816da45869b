package io.jube.controllers.cronjob;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A standard cron schedule: five fields (minute, hour, day of month, month, day of week) with {@code *}, lists,
 * ranges, {@code /step}, month and weekday names, {@code ?} for "any", 7 as Sunday, and the descriptors
 * {@code @yearly @annually @monthly @weekly @daily @midnight @hourly}. As in cron, when both day fields are
 * restricted a day matches either; when one starts with {@code *} both must match.
 */
public final class Schedule {
    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Searching further than this for a match means the schedule never fires (e.g. 30 February). */
    private static final int MAX_YEARS = 5;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet doms;
    private final BitSet months;
    private final BitSet dows;
    private final boolean domStar;
    private final boolean dowStar;

    private Schedule(BitSet minutes, BitSet hours, BitSet doms, BitSet months, BitSet dows, boolean domStar, boolean dowStar) {
        this.minutes = minutes;
        this.hours = hours;
        this.doms = doms;
        this.months = months;
        this.dows = dows;
        this.domStar = domStar;
        this.dowStar = dowStar;
    }

    /** Parses {@code spec}; a malformed schedule is an {@link IllegalArgumentException} with the reason. */
    public static Schedule parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty spec string");
        }
        String s = spec.trim();
        if (s.startsWith("@")) {
            String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
            s = expanded;
        }
        String[] f = s.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + spec);
        }
        BitSet dows = field(f[4], 0, 7, DAYS);
        if (dows.get(7)) {
            dows.set(0); // 7 is Sunday too
        }
        return new Schedule(field(f[0], 0, 59, null), field(f[1], 0, 23, null), field(f[2], 1, 31, null),
                field(f[3], 1, 12, MONTHS), dows, star(f[2]), star(f[4]));
    }

    private static boolean star(String field) {
        return field.startsWith("*") || field.startsWith("?");
    }

    private static BitSet field(String field, int min, int max, List<String> names) {
        BitSet bits = new BitSet(max + 1);
        for (String part : field.split(",", -1)) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = number(part.substring(slash + 1), 0, Integer.MAX_VALUE, null, part);
                if (step == 0) {
                    throw new IllegalArgumentException("step of range should be a positive number: " + part);
                }
                range = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                if (dash >= 0) {
                    lo = number(range.substring(0, dash), min, max, names, part);
                    hi = number(range.substring(dash + 1), min, max, names, part);
                } else {
                    lo = number(range, min, max, names, part);
                    hi = slash >= 0 ? max : lo; // "5/15" means 5-max/15
                }
                if (lo > hi) {
                    throw new IllegalArgumentException("beginning of range (" + lo + ") beyond end of range (" + hi + "): " + part);
                }
            }
            for (int i = lo; i <= hi; i += step) {
                bits.set(i);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, List<String> names, String part) {
        if (names != null) {
            int i = names.indexOf(text.toUpperCase(Locale.ROOT));
            if (i >= 0) {
                return names == MONTHS ? i + 1 : i;
            }
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + text + ": " + part);
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(n + " out of range [" + min + ", " + max + "]: " + part);
        }
        return n;
    }

    /** The first scheduled time strictly after {@code after}, in {@code zone}; null if there is none. */
    public Instant next(Instant after, ZoneId zone) {
        ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = t.plusYears(MAX_YEARS);
        while (t.isBefore(limit)) { // each step moves at least a minute, skipping whole months/days/hours
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
            } else {
                return t.toInstant();
            }
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = doms.get(t.getDayOfMonth());
        boolean dow = dows.get(t.getDayOfWeek().getValue() % 7);
        return domStar || dowStar ? dom && dow : dom || dow;
    }
}
