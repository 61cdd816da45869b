package io.jube.apiserver.rest;

/** Content types the API accepts and produces. */
public final class MediaTypes {
    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";
    public static final String JSON_PATCH = "application/json-patch+json";
    public static final String MERGE_PATCH = "application/merge-patch+json";
    public static final String STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";
    public static final String APPLY_PATCH = "application/apply-patch+yaml";
    public static final String PROTOBUF = "application/vnd.kubernetes.protobuf";

    private MediaTypes() {
    }

    /** The bare media type of a Content-Type header (no parameters, lower case). */
    public static String base(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase();
    }

    /** What the client wants back, from its Accept header. */
    public enum Output { JSON, YAML, TABLE, PARTIAL_METADATA }

    public static Output output(String accept) {
        if (accept == null || accept.isBlank()) {
            return Output.JSON;
        }
        for (String part : accept.split(",")) {
            String p = part.replace(" ", "").toLowerCase();
            String b = base(p);
            if (p.contains("as=table") && (b.equals(JSON) || b.equals("*/*"))) {
                return Output.TABLE;
            }
            if ((p.contains("as=partialobjectmetadata") || p.contains("as=partialobjectmetadatalist"))
                    && b.equals(JSON)) {
                return Output.PARTIAL_METADATA;
            }
            if (p.contains(";as=")) {
                continue;
            }
            if (b.equals(JSON) || b.equals("*/*") || b.equals("application/*") || b.equals("application/json-seq")) {
                return Output.JSON;
            }
            if (b.equals(YAML)) {
                return Output.YAML;
            }
        }
        return null;
    }
}
