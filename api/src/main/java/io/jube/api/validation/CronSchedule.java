package io.jube.api.validation;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Standard 5-field cron syntax (minute hour day-of-month month day-of-week, names, ranges, steps,
 * and the @hourly-style descriptors) as Kubernetes' CronJob parser accepts it. {@link #check}
 * returns the parser's error text, or null when the schedule parses.
 */
public final class CronSchedule {
    private static final Set<String> DESCRIPTORS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
            Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
            Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4,
            "fri", 5, "sat", 6);

    private record Bounds(int min, int max, Map<String, Integer> names) {
    }

    private static final List<Bounds> FIELDS = List.of(new Bounds(0, 59, null), new Bounds(0, 23, null),
            new Bounds(1, 31, null), new Bounds(1, 12, MONTHS), new Bounds(0, 6, DAYS));

    private CronSchedule() {
    }

    public static String check(String spec) {
        if (spec.isEmpty()) {
            return "empty spec string";
        }
        String s = spec;
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            String zone = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
            try {
                java.time.ZoneId.of(zone);
            } catch (RuntimeException e) {
                return "provided bad location " + zone + ": unknown time zone " + zone;
            }
            s = space < 0 ? "" : s.substring(space).strip();
        }
        if (s.startsWith("@")) {
            return descriptor(s);
        }
        String[] fields = s.trim().isEmpty() ? new String[0] : s.trim().split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        for (int i = 0; i < 5; i++) {
            for (String expr : fields[i].split(",", -1)) {
                String err = range(expr, FIELDS.get(i));
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    private static String descriptor(String s) {
        if (DESCRIPTORS.contains(s)) {
            return null;
        }
        if (s.startsWith("@every ")) {
            String d = s.substring("@every ".length());
            return GoDuration.valid(d) ? null : "failed to parse duration " + s + ": time: invalid duration \"" + d + "\"";
        }
        return "unrecognized descriptor: " + s;
    }

    private static String range(String expr, Bounds b) {
        String[] rangeAndStep = expr.split("/", -1);
        String[] lowHigh = rangeAndStep[0].split("-", -1);
        long start;
        long end;
        if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
            start = b.min;
            end = b.max;
        } else {
            Object v = intOrName(lowHigh[0], b.names);
            if (v instanceof String err) {
                return err;
            }
            start = (Long) v;
            if (lowHigh.length == 1) {
                end = start;
            } else if (lowHigh.length == 2) {
                Object e = intOrName(lowHigh[1], b.names);
                if (e instanceof String err) {
                    return err;
                }
                end = (Long) e;
            } else {
                return "too many hyphens: " + expr;
            }
        }
        long step;
        if (rangeAndStep.length == 1) {
            step = 1;
        } else if (rangeAndStep.length == 2) {
            Object st = parseInt(rangeAndStep[1]);
            if (st instanceof String err) {
                return err;
            }
            step = (Long) st;
            if (lowHigh.length == 1) {
                end = b.max;
            }
        } else {
            return "too many slashes: " + expr;
        }
        if (start < b.min) {
            return "beginning of range (" + start + ") below minimum (" + b.min + "): " + expr;
        }
        if (end > b.max) {
            return "end of range (" + end + ") above maximum (" + b.max + "): " + expr;
        }
        if (start > end) {
            return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
        }
        if (step == 0) {
            return "step of range should be a positive number: " + expr;
        }
        return null;
    }

    private static Object intOrName(String expr, Map<String, Integer> names) {
        if (names != null) {
            Integer n = names.get(expr.toLowerCase(Locale.ROOT));
            if (n != null) {
                return (long) n;
            }
        }
        return parseInt(expr);
    }

    /** Go's strconv.Atoi error texts, as the parser reports them. */
    private static Object parseInt(String expr) {
        long n;
        try {
            n = Long.parseLong(expr);
        } catch (NumberFormatException e) {
            String why = expr.matches("[+-]?[0-9]+") ? "value out of range" : "invalid syntax";
            return "failed to parse int from " + expr + ": strconv.Atoi: parsing \"" + expr + "\": " + why;
        }
        if (n < 0) {
            return "negative number (" + n + ") not allowed: " + expr;
        }
        return n;
    }

    /** Go duration syntax: e.g. "1h30m", "90s", "1.5h". */
    static final class GoDuration {
        private GoDuration() {
        }

        static boolean valid(String d) {
            return d.matches("[-+]?((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+") || d.equals("0");
        }
    }
}
