package io.jube.apiserver.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;

/**
 * Writes the admin kubeconfig kubectl reads: cluster "jube", user "jube-admin", context "jube",
 * with the CA, client certificate and client key embedded as base64 PEM (the *-data fields), so the
 * file works when copied to another machine. Mode 0600, replaced atomically.
 */
public final class Kubeconfig {
    public static final String CLUSTER = "jube";
    public static final String CONTEXT = "jube";

    private Kubeconfig() {
    }

    /**
     * @param serverUrl the API server address, e.g. {@code https://127.0.0.1:6443}
     * @throws IllegalArgumentException when serverUrl is not an https URL with a host
     */
    public static void write(Path file, String serverUrl, ClusterPki pki) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pki, "pki");
        SecureFiles.writeAtomically(file, render(serverUrl, pki).getBytes(StandardCharsets.UTF_8),
                SecureFiles.OWNER_ONLY);
    }

    static String render(String serverUrl, ClusterPki pki) {
        checkServerUrl(serverUrl);
        ObjectNode config = Json.object();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        ObjectNode cluster = config.putArray("clusters").addObject().put("name", CLUSTER).putObject("cluster");
        cluster.put("server", serverUrl);
        cluster.put("certificate-authority-data", base64(pki.caCertPem()));
        ObjectNode user = config.putArray("users").addObject().put("name", ClusterPki.ADMIN_USER).putObject("user");
        user.put("client-certificate-data", base64(pki.adminCertPem()));
        user.put("client-key-data", base64(Pem.encodeSec1(Pem.privateKey(pki.adminKeyPem(), "admin key"))));
        ObjectNode context = config.putArray("contexts").addObject().put("name", CONTEXT).putObject("context");
        context.put("cluster", CLUSTER);
        context.put("user", ClusterPki.ADMIN_USER);
        config.put("current-context", CONTEXT);
        config.putObject("preferences");
        try {
            return Json.YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render kubeconfig: " + e.getMessage(), e);
        }
    }

    private static void checkServerUrl(String serverUrl) {
        if (serverUrl == null) {
            throw new IllegalArgumentException("server URL is required");
        }
        try {
            URI uri = new URI(serverUrl);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("server URL must be https://host[:port], got \"" + serverUrl + "\"");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("malformed server URL \"" + serverUrl + "\": " + e.getMessage(), e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
