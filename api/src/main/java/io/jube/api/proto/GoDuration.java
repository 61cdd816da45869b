package io.jube.api.proto;

import java.math.BigDecimal;
import java.util.Map;

/** Go's {@code time.Duration} text form ("1h2m3.5s", "150ms", "0s"), as metav1.Duration uses in JSON. */
final class GoDuration {
    private static final long NS_PER_SECOND = 1_000_000_000L;
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
            "s", NS_PER_SECOND, "m", 60 * NS_PER_SECOND, "h", 3600 * NS_PER_SECOND);

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long u = nanos < 0 ? -nanos : nanos; // Long.MIN_VALUE stays negative: read it as unsigned below
        if (Long.compareUnsigned(u, NS_PER_SECOND) < 0) {
            if (u < 1_000) {
                return sign + u + "ns";
            }
            return sign + (u < 1_000_000 ? withFraction(u, 1_000) + "\u00b5s" : withFraction(u, 1_000_000) + "ms");
        }
        long secs = Long.divideUnsigned(u, NS_PER_SECOND);
        String s = (secs % 60) + fraction(Long.remainderUnsigned(u, NS_PER_SECOND), NS_PER_SECOND) + "s";
        long minutes = secs / 60;
        if (minutes == 0) {
            return sign + s;
        }
        String m = (minutes % 60) + "m" + s;
        long hours = minutes / 60;
        return sign + (hours == 0 ? m : hours + "h" + m);
    }

    static long parse(String text) {
        String s = text;
        boolean negative = false;
        if (s.startsWith("-") || s.startsWith("+")) {
            negative = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw new ProtobufException("invalid duration \"" + text + "\"");
        }
        BigDecimal total = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            String number = s.substring(start, unitStart);
            Long unit = UNITS.get(s.substring(unitStart, i));
            if (number.isEmpty() || number.equals(".") || unit == null) {
                throw new ProtobufException("invalid duration \"" + text + "\"");
            }
            try {
                total = total.add(new BigDecimal(number).multiply(BigDecimal.valueOf(unit)));
            } catch (NumberFormatException e) {
                throw new ProtobufException("invalid duration \"" + text + "\"");
            }
        }
        if (negative) {
            total = total.negate();
        }
        try {
            return total.setScale(0, java.math.RoundingMode.DOWN).longValueExact();
        } catch (ArithmeticException e) {
            throw new ProtobufException("duration \"" + text + "\" out of range");
        }
    }

    private static String withFraction(long value, long unit) {
        return (value / unit) + fraction(value % unit, unit);
    }

    /** ".5" for 500 of 1000; "" for no remainder; trailing zeros dropped, as Go prints. */
    private static String fraction(long remainder, long unit) {
        if (remainder == 0) {
            return "";
        }
        int digits = Long.toString(unit).length() - 1;
        StringBuilder f = new StringBuilder(Long.toString(remainder));
        while (f.length() < digits) {
            f.insert(0, '0');
        }
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return "." + f.substring(0, end);
    }
}
