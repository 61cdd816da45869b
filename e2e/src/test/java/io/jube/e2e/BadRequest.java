package io.jube.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One deliberately bad HTTP request, and how to print it in a failure report. */
public record BadRequest(String category, String method, String path, Map<String, String> headers, byte[] body) {
    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";
    public static final String MERGE = "application/merge-patch+json";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String STRATEGIC = "application/strategic-merge-patch+json";
    public static final String APPLY = "application/apply-patch+yaml";

    static BadRequest of(String category, String method, String path, String contentType, String body) {
        return of(category, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static BadRequest of(String category, String method, String path, String contentType, byte[] body) {
        return new BadRequest(category, method, path, contentType == null ? Map.of()
                : Map.of("Content-Type", contentType), body);
    }

    /** method, path, content type and the start of the body, escaped so binary bodies stay readable. */
    public String describe() {
        StringBuilder out = new StringBuilder(category).append(": ").append(method).append(' ').append(path);
        headers.forEach((k, v) -> out.append(" [").append(k).append(": ").append(v).append(']'));
        if (body != null) {
            out.append(" body(").append(body.length).append(" bytes)=");
            int shown = Math.min(body.length, 160);
            for (int i = 0; i < shown; i++) {
                int b = body[i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? Character.toString(b) : String.format("\\x%02x", b));
            }
            if (shown < body.length) {
                out.append("...");
            }
        }
        return out.toString();
    }
}
