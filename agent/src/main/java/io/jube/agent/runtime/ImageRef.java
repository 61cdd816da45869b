package io.jube.agent.runtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Docker-style image reference normalisation: {@code nginx} is {@code docker.io/library/nginx:latest}. */
public final class ImageRef {
    private ImageRef() {
    }

    /** The fully qualified reference a runtime reports as a container's image. */
    public static String normalize(String image) {
        if (image == null || image.isBlank()) {
            throw new IllegalArgumentException("image must not be empty");
        }
        String ref = image.trim();
        String digest = "";
        int at = ref.indexOf('@');
        if (at >= 0) {
            digest = ref.substring(at);
            ref = ref.substring(0, at);
        }
        int slash = ref.indexOf('/');
        String first = slash < 0 ? "" : ref.substring(0, slash);
        boolean hasRegistry = slash >= 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
        if (!hasRegistry) {
            ref = "docker.io/" + (slash < 0 ? "library/" : "") + ref;
        }
        int lastSlash = ref.lastIndexOf('/');
        boolean hasTag = ref.indexOf(':', lastSlash) >= 0;
        if (!hasTag && digest.isEmpty()) {
            ref = ref + ":latest";
        }
        return ref + digest;
    }

    /** Repository without tag or digest: {@code docker.io/library/nginx}. */
    public static String repository(String normalized) {
        String ref = normalized;
        int at = ref.indexOf('@');
        if (at >= 0) {
            ref = ref.substring(0, at);
        }
        int lastSlash = ref.lastIndexOf('/');
        int colon = ref.indexOf(':', lastSlash);
        return colon >= 0 ? ref.substring(0, colon) : ref;
    }

    /** A stable made-up digest for runtimes that have no real image content. */
    public static String syntheticDigest(String normalized) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(normalized.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
