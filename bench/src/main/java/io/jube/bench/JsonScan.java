package io.jube.bench;

import java.nio.charset.StandardCharsets;

/**
 * Finds the first string value of a key in compact JSON text without building a tree. Watch
 * fan-out delivers about a million events per run to one client process that shares the CPU
 * with the server; parsing each into a tree would measure the client, not the server.
 * Values containing escapes are returned raw; the bench only reads names and resourceVersions.
 */
final class JsonScan {
    private JsonScan() {
    }

    /** The value of the first {@code "key": "value"} pair, or null when absent. */
    static String firstString(CharSequence json, String key) {
        String quoted = '"' + key + '"';
        int from = 0;
        int len = json.length();
        while (from < len) {
            int at = indexOf(json, quoted, from);
            if (at < 0) {
                return null;
            }
            int i = skipSpace(json, at + quoted.length());
            if (i < len && json.charAt(i) == ':') {
                i = skipSpace(json, i + 1);
                if (i < len && json.charAt(i) == '"') {
                    int end = i + 1;
                    while (end < len && json.charAt(end) != '"') {
                        end += json.charAt(end) == '\\' ? 2 : 1;
                    }
                    return end < len ? json.subSequence(i + 1, end).toString() : null;
                }
            }
            from = at + quoted.length(); // the key text appeared as a value; keep looking
        }
        return null;
    }

    /** {@code "key"} as bytes, for {@link #firstString(byte[], int, int, byte[])}. */
    static byte[] key(String key) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("empty key");
        }
        return ('"' + key + '"').getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The same scan over UTF-8 bytes {@code [from, to)} with a key from {@link #key}: the load
     * generator reads resourceVersions straight from the reply bytes, without decoding the body.
     */
    static String firstString(byte[] json, int from, int to, byte[] quotedKey) {
        while (from < to) {
            int at = indexOf(json, from, to, quotedKey);
            if (at < 0) {
                return null;
            }
            int i = skipSpace(json, at + quotedKey.length, to);
            if (i < to && json[i] == ':') {
                i = skipSpace(json, i + 1, to);
                if (i < to && json[i] == '"') {
                    int end = i + 1;
                    while (end < to && json[end] != '"') {
                        end += json[end] == '\\' ? 2 : 1;
                    }
                    return end < to ? new String(json, i + 1, end - i - 1, StandardCharsets.UTF_8) : null;
                }
            }
            from = at + quotedKey.length;
        }
        return null;
    }

    private static int skipSpace(byte[] s, int i, int to) {
        while (i < to && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int indexOf(byte[] s, int from, int to, byte[] needle) {
        int n = needle.length; // >= 3: a quoted, non-empty key
        byte second = needle[1];
        byte beforeLast = needle[n - 2];
        outer:
        for (int i = from; i + n <= to; i++) {
            // reject on the key's first and last letters before comparing it whole: JSON is mostly quotes and letters
            if (s[i + 1] != second || s[i + n - 2] != beforeLast || s[i] != '"' || s[i + n - 1] != '"') {
                continue;
            }
            for (int j = 2; j < n - 2; j++) {
                if (s[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static int skipSpace(CharSequence s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int indexOf(CharSequence s, String needle, int from) {
        if (s instanceof String str) {
            return str.indexOf(needle, from);
        }
        return s.toString().indexOf(needle, from);
    }
}
