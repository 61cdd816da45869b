package io.jube.api.patch;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers: "/a/b~1c" is the path ["a", "b/c"]. */
final class JsonPointer {
    private JsonPointer() {
    }

    static List<String> parse(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        if (pointer.charAt(0) != '/') {
            throw PatchException.badRequest("invalid JSON pointer \"" + pointer + "\": must be empty or start with '/'");
        }
        List<String> tokens = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw, pointer));
        }
        return tokens;
    }

    private static String unescape(String raw, String pointer) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else {
                throw PatchException.badRequest("invalid JSON pointer \"" + pointer + "\": '~' must be followed by 0 or 1");
            }
            i++;
        }
        return sb.toString();
    }
}
