package io.jube.bench;

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
