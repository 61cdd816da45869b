package io.jube.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.store.embedded.EmbeddedStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API server over real HTTP: watches (chunked and WebSocket), authentication and limits. */
class ApiServerTest {
    @TempDir
    static Path dir;
    static EmbeddedStore store;
    static ApiServer server;

    @BeforeAll
    static void start() throws Exception {
        store = EmbeddedStore.open(dir.resolve("db"));
        server = new ApiServer(new ApiServer.Config(dir, "127.0.0.1", 0, 0, List.of()), store);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static HttpClient adminClient() throws Exception {
        // the admin bearer token over TLS, trusting the cluster CA
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                new java.io.ByteArrayInputStream(server.pki().caCertPem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    static HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + server.pki().adminToken()).timeout(Duration.ofSeconds(20));
    }

    static HttpResponse<String> post(HttpClient c, String path, String json) throws Exception {
        return c.send(req(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loopbackListenerServesOnlyItsTokenOnLocalhost() throws Exception {
        assertThat(server.loopbackUrl()).startsWith("http://127.0.0.1:");
        HttpClient c = HttpClient.newHttpClient();
        URI namespaces = URI.create(server.loopbackUrl() + "/api/v1/namespaces");
        HttpResponse<String> ok = c.send(HttpRequest.newBuilder(namespaces)
                .header("Authorization", "Bearer " + server.loopbackToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.parse(ok.body().getBytes(StandardCharsets.UTF_8)).path("kind").asText()).isEqualTo("NamespaceList");
        for (String auth : List.of("", "Bearer ", "Bearer " + server.pki().adminToken(), "Bearer " + server.loopbackToken() + "x")) {
            HttpRequest.Builder b = HttpRequest.newBuilder(namespaces);
            if (!auth.isEmpty()) {
                b.header("Authorization", auth);
            }
            HttpResponse<String> denied = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).as("Authorization: %s", auth).isEqualTo(401);
            assertThat(denied.body()).contains("\"reason\":\"Unauthorized\"");
        }
    }

    @Test
    void unauthenticatedRequestsGet401Status() throws Exception {
        HttpClient c = adminClient();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                + "/api/v1/namespaces")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        JsonNode status = Json.MAPPER.readTree(r.body());
        assertThat(status.path("kind").asText()).isEqualTo("Status");
        assertThat(status.path("reason").asText()).isEqualTo("Unauthorized");
        HttpResponse<String> ready = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port()
                + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesOverThreeMebibytesAreRefused() throws Exception {
        String big = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"big\"},\"data\":{\"a\":\""
                + "x".repeat(3 * 1024 * 1024) + "\"}}";
        HttpResponse<String> r = post(adminClient(), "/api/v1/namespaces/default/configmaps", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(Json.MAPPER.readTree(r.body()).path("reason").asText()).isEqualTo("RequestEntityTooLarge");
        HttpResponse<String> get = adminClient().send(req("/api/v1/namespaces/default/configmaps/big").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(404);
    }

    @Test
    void chunkedWatchSendsInitialEventsThenABookmarkThenChanges() throws Exception {
        HttpClient c = adminClient();
        post(c, "/api/v1/namespaces/default/configmaps", cm("before"));
        HttpResponse<InputStream> r = c.send(req("/api/v1/namespaces/default/configmaps?watch=true"
                        + "&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        JsonNode first = Json.MAPPER.readTree(lines.readLine());
        assertThat(first.path("type").asText()).isEqualTo("ADDED");
        assertThat(first.path("object").path("metadata").path("name").asText()).isEqualTo("before");
        JsonNode bookmark = Json.MAPPER.readTree(lines.readLine());
        assertThat(bookmark.path("type").asText()).isEqualTo("BOOKMARK");
        assertThat(bookmark.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
                .asText()).isEqualTo("true");
        post(c, "/api/v1/namespaces/default/configmaps", cm("after"));
        JsonNode next = Json.MAPPER.readTree(lines.readLine());
        assertThat(next.path("type").asText()).isEqualTo("ADDED");
        assertThat(next.path("object").path("metadata").path("name").asText()).isEqualTo("after");
        r.body().close();
    }

    @Test
    void webSocketWatchDeliversEventsAsFrames() throws Exception {
        HttpClient c = adminClient();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = webSocketWatch(c, "/api/v1/namespaces/kube-public/configmaps?watch=true", frames);
        post(c, "/api/v1/namespaces/kube-public/configmaps", cm("via-ws"));
        String frame = frames.poll(20, TimeUnit.SECONDS);
        assertThat(frame).isNotNull();
        JsonNode ev = Json.MAPPER.readTree(frame);
        assertThat(ev.path("type").asText()).isEqualTo("ADDED");
        assertThat(ev.path("object").path("metadata").path("name").asText()).isEqualTo("via-ws");
        ws.abort();
    }

    @Test
    void chunkedWatchFromACompactedRevisionGetsAnExpiredErrorEvent() throws Exception {
        // revision 1 is older than the watch cache's window: kube-apiserver answers 200 and one ERROR
        // event with the 410 Status, so clients (client-go, fabric8) relist
        HttpResponse<InputStream> r = adminClient().send(req("/api/v1/namespaces/default/configmaps?watch=true"
                + "&resourceVersion=1").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedReader lines = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
        assertExpiredEvent(lines.readLine());
        assertThat(lines.readLine()).as("the stream ends after the error").isNull();
    }

    @Test
    void webSocketWatchErrorsAreErrorEventFrames() throws Exception {
        HttpClient c = adminClient();
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        webSocketWatch(c, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1", frames);
        assertExpiredEvent(frames.poll(20, TimeUnit.SECONDS));
        // an error before the watch starts (a bad selector) is an ERROR event too, never a bare Status
        LinkedBlockingQueue<String> bad = new LinkedBlockingQueue<>();
        webSocketWatch(c, "/api/v1/namespaces/default/configmaps?watch=true&labelSelector=a%20in%20((", bad);
        JsonNode ev = Json.MAPPER.readTree(bad.poll(20, TimeUnit.SECONDS));
        assertThat(ev.path("type").asText()).isEqualTo("ERROR");
        assertThat(ev.path("object").path("kind").asText()).isEqualTo("Status");
        assertThat(ev.path("object").path("code").asInt()).isEqualTo(400);
    }

    /** Opens a WebSocket watch as the admin; each whole text message goes to {@code frames}. */
    private static WebSocket webSocketWatch(HttpClient c, String path, LinkedBlockingQueue<String> frames) throws Exception {
        return c.newWebSocketBuilder().header("Authorization", "Bearer " + server.pki().adminToken())
                .buildAsync(URI.create("wss://127.0.0.1:" + server.port() + path), new WebSocket.Listener() {
                    final StringBuilder sb = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        sb.append(data);
                        if (last) {
                            frames.add(sb.toString());
                            sb.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(20, TimeUnit.SECONDS);
    }

    private static void assertExpiredEvent(String line) throws Exception {
        assertThat(line).isNotNull();
        JsonNode ev = Json.MAPPER.readTree(line);
        assertThat(ev.path("type").asText()).isEqualTo("ERROR");
        assertThat(ev.path("object").path("kind").asText()).isEqualTo("Status");
        assertThat(ev.path("object").path("code").asInt()).isEqualTo(410);
        assertThat(ev.path("object").path("reason").asText()).isEqualTo("Expired");
    }

    @Test
    void bindingAssignsAPodOnceAndMarksItScheduled() throws Exception {
        HttpClient c = adminClient();
        String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"bind-me\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";
        assertThat(post(c, "/api/v1/namespaces/default/pods", pod).statusCode()).isEqualTo(201);
        JsonNode created = Json.MAPPER.readTree(c.send(req("/api/v1/namespaces/default/pods/bind-me").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String binding = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bind-me\"},"
                + "\"target\":{\"kind\":\"Node\",\"name\":\"node-a\"}}";
        assertThat(post(c, "/api/v1/namespaces/default/pods/bind-me/binding", binding).statusCode()).isEqualTo(201);
        JsonNode bound = Json.MAPPER.readTree(c.send(req("/api/v1/namespaces/default/pods/bind-me").build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(bound.path("spec").path("nodeName").asText()).isEqualTo("node-a");
        assertThat(bound.path("status").path("conditions").toString()).contains("PodScheduled");
        // as in Kubernetes, binding records no field manager: the creator's entry is all there is
        assertThat(created.path("metadata").path("managedFields")).hasSize(1);
        assertThat(bound.path("metadata").path("managedFields")).isEqualTo(created.path("metadata").path("managedFields"));
        HttpResponse<String> again = post(c, "/api/v1/namespaces/default/pods/bind-me/binding",
                binding.replace("node-a", "node-b"));
        assertThat(again.statusCode()).isEqualTo(409);
    }

    static String cm(String name) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"a\":\"b\"}}";
    }
}
