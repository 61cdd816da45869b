package io.jube.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A pooled keep-alive HTTP/1.1 client for one API server on 127.0.0.1: plain (the insecure
 * port, to measure the server rather than TLS) or HTTPS with the admin client certificate from
 * the server's kubeconfig.
 */
final class KubeHttp implements AutoCloseable {
    /** Per-request bound: a request that stalls this long fails instead of hanging the phase. */
    private static final long REQUEST_TIMEOUT_MS = 60_000;

    /** A finished exchange. */
    record Reply(int status, Buffer body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private final HttpClient client;
    private final String scheme;
    private final int port;

    private KubeHttp(HttpClient client, String scheme, int port) {
        this.client = client;
        this.scheme = scheme;
        this.port = port;
    }

    static KubeHttp plain(Vertx vertx, int port, int connections) {
        return new KubeHttp(vertx.createHttpClient(base(port), pool(connections)), "http", port);
    }

    /** HTTPS to the server named in the kubeconfig, which must be on 127.0.0.1. */
    static KubeHttp tls(Vertx vertx, Path kubeconfig, int connections) {
        Tls tls = Tls.read(kubeconfig);
        HttpClientOptions options = base(tls.port())
                .setSsl(true)
                .setTrustOptions(tls.trust())
                .setKeyCertOptions(tls.keyCert());
        return new KubeHttp(vertx.createHttpClient(options, pool(connections)), "https", tls.port());
    }

    /** The loopback HTTPS port, CA and admin client certificate from a kubeconfig. */
    record Tls(int port, PemTrustOptions trust, PemKeyCertOptions keyCert) {
        static Tls read(Path kubeconfig) {
            JsonNode config;
            try {
                config = Json.YAML.readTree(Files.readAllBytes(kubeconfig));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + kubeconfig, e);
            }
            JsonNode cluster = config.path("clusters").path(0).path("cluster");
            JsonNode user = config.path("users").path(0).path("user");
            URI server = URI.create(cluster.path("server").asText());
            if (!"127.0.0.1".equals(server.getHost()) && !"localhost".equals(server.getHost())) {
                throw new IllegalStateException("kubeconfig server " + server + " is not on loopback; refusing to send traffic");
            }
            return new Tls(server.getPort(),
                    new PemTrustOptions().addCertValue(decoded(cluster, "certificate-authority-data")),
                    new PemKeyCertOptions()
                            .addCertValue(decoded(user, "client-certificate-data"))
                            .addKeyValue(decoded(user, "client-key-data")));
        }
    }

    private static HttpClientOptions base(int port) {
        return new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true)
                .setKeepAliveTimeout(0) // never close a pooled connection for idleness mid-run
                .setConnectTimeout(10_000);
    }

    private static PoolOptions pool(int connections) {
        return new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1);
    }

    private static Buffer decoded(JsonNode node, String field) {
        String b64 = node.path(field).asText("");
        if (b64.isEmpty()) {
            throw new IllegalStateException("kubeconfig has no " + field);
        }
        return Buffer.buffer(Base64.getDecoder().decode(b64));
    }

    String scheme() {
        return scheme;
    }

    int port() {
        return port;
    }

    /** Sends one request and reads the whole reply; body may be null. */
    Future<Reply> call(HttpMethod method, String uri, Buffer body) {
        RequestOptions o = new RequestOptions().setMethod(method).setURI(uri)
                .setIdleTimeout(REQUEST_TIMEOUT_MS)
                .putHeader("Accept", "application/json");
        if (body != null) {
            o.putHeader("Content-Type", "application/json");
        }
        return client.request(o)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), b)));
    }

    /** Opens a streaming GET (a watch); the caller consumes the response. */
    Future<HttpClientResponse> stream(String uri) {
        RequestOptions o = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri)
                .putHeader("Accept", "application/json");
        return client.request(o).compose(req -> req.send());
    }

    @Override
    public void close() {
        client.close();
    }
}
