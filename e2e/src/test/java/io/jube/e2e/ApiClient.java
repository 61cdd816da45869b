package io.jube.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A raw HTTPS client for one server, trusting only the cluster CA embedded in the admin kubeconfig.
 * It authenticates with the admin bearer token ({@code <dataDir>/tls/admin.token}) unless built
 * anonymous, so tests can also send exactly what an unauthenticated stranger would send.
 */
public final class ApiClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI server;
    private final String token;

    private ApiClient(HttpClient http, URI server, String token) {
        this.http = http;
        this.server = server;
        this.token = token;
    }

    /** A client authenticated as the cluster admin. */
    public static ApiClient admin(Path kubeconfig, Path dataDir) {
        return build(kubeconfig, readToken(dataDir));
    }

    /** A client that sends the given bearer token, or no credentials at all when null. */
    public static ApiClient withToken(Path kubeconfig, String token) {
        return build(kubeconfig, token);
    }

    private static ApiClient build(Path kubeconfig, String token) {
        JsonNode config = readYaml(kubeconfig);
        JsonNode cluster = config.path("clusters").path(0).path("cluster");
        URI server = URI.create(cluster.path("server").asText());
        byte[] caPem = Base64.getDecoder().decode(cluster.path("certificate-authority-data").asText());
        HttpClient http = HttpClient.newBuilder()
                .sslContext(trusting(caPem))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new ApiClient(http, server, token);
    }

    public URI server() {
        return server;
    }

    /** Sends a request; headers may set Content-Type and the like. Never throws for HTTP errors. */
    public Response send(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(pathAndQuery))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + pathAndQuery + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public Response get(String pathAndQuery) {
        return send("GET", pathAndQuery, Map.of(), null);
    }

    /**
     * A streaming GET (a watch): the response lines as they arrive. Closing the stream ends the
     * request; a watch also ends by itself when the server's timeoutSeconds passes.
     */
    public java.util.stream.Stream<String> lines(String pathAndQuery) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(pathAndQuery)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofLines()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** One HTTP response with its body kept as bytes, so tests can compare objects byte for byte. */
    public record Response(int code, String contentType, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body as JSON, or null when it is not JSON. */
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }
    }

    private static String readToken(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("tls").resolve("admin.token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token: " + e.getMessage(), e);
        }
    }

    private static JsonNode readYaml(Path file) {
        try {
            return Json.YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext trusting(byte[] caPem) {
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem))) {
                trust.setCertificateEntry("ca-" + i++, (X509Certificate) cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust the kubeconfig's CA: " + e.getMessage(), e);
        }
    }
}
