package io.jube.controllers.job;

import java.util.Iterator;
import java.util.TreeSet;

/**
 * The compressed index list of {@code status.completedIndexes}: ascending, comma-separated numbers and ranges,
 * e.g. {@code "1,3-5,7"}. Malformed parts are skipped (a bad status must not stop the controller).
 */
final class Indexes {
    private Indexes() {
    }

    static TreeSet<Integer> parse(String s) {
        TreeSet<Integer> out = new TreeSet<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String part : s.split(",")) {
            try {
                int dash = part.indexOf('-');
                if (dash < 0) {
                    out.add(Integer.parseInt(part.trim()));
                } else {
                    int from = Integer.parseInt(part.substring(0, dash).trim());
                    int to = Integer.parseInt(part.substring(dash + 1).trim());
                    for (int i = from; i <= to && i - from < 1_000_000; i++) {
                        out.add(i);
                    }
                }
            } catch (NumberFormatException ignored) {
                // skip the malformed part
            }
        }
        return out;
    }

    static String format(TreeSet<Integer> set) {
        StringBuilder sb = new StringBuilder();
        Iterator<Integer> it = set.iterator();
        Integer start = null;
        Integer prev = null;
        while (it.hasNext()) {
            int i = it.next();
            if (start == null) {
                start = i;
            } else if (i != prev + 1) {
                append(sb, start, prev);
                start = i;
            }
            prev = i;
        }
        if (start != null) {
            append(sb, start, prev);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, int from, int to) {
        if (!sb.isEmpty()) {
            sb.append(',');
        }
        sb.append(from);
        if (to > from) {
            sb.append('-').append(to);
        }
    }
}
