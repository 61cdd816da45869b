package io.jube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Vert.x HTTPS server configured from ClusterPki, called by real TLS clients and the real kubectl. */
class HttpsAuthenticationTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final UserInfo ADMIN = new UserInfo("jube-admin", List.of("system:masters", "system:authenticated"));

    @TempDir
    Path dataDir;
    @TempDir
    Path otherDataDir;
    @TempDir
    Path home;

    ClusterPki pki;
    Vertx vertx;
    String url;
    /** What the handler decided, per request, from peerCertificates() and from the SSLSession. */
    final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    record Seen(String path, Optional<UserInfo> byPeerCertificates, Optional<UserInfo> bySslSession) {
    }

    @BeforeEach
    void start() throws Exception {
        pki = ClusterPki.loadOrCreate(dataDir, List.of());
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer(pki.configureHttps(new HttpServerOptions()
                .setHost("127.0.0.1").setPort(0).setUseAlpn(true)));
        server.requestHandler(this::whoami);
        int port = server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).actualPort();
        url = "https://127.0.0.1:" + port;
    }

    /** The native BoringSSL ships for Linux x86_64 and aarch64; elsewhere the server falls back to the JDK's TLS. */
    @Test
    void serverTlsRunsOnBoringSslWhereItShips() {
        boolean ships = System.getProperty("os.name").toLowerCase().contains("linux")
                && List.of("amd64", "x86_64", "aarch64").contains(System.getProperty("os.arch"));
        var opts = pki.configureHttps(new HttpServerOptions());
        if (ships) {
            assertThat(ClusterPki.tlsEngine()).startsWith("BoringSSL");
            assertThat(opts.getSslEngineOptions()).isInstanceOf(io.vertx.core.net.OpenSSLEngineOptions.class);
        } else {
            assertThat(ClusterPki.tlsEngine()).startsWith("the JDK's TLS");
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** The shape of the real server's authentication step: user or 401 Status. */
    private void whoami(HttpServerRequest req) {
        List<Certificate> peers;
        try {
            peers = req.connection().peerCertificates();
        } catch (SSLPeerUnverifiedException noClientCert) {
            peers = List.of();
        }
        String authorization = req.getHeader("Authorization");
        Optional<UserInfo> user = pki.authenticate(peers, authorization);
        seen.add(new Seen(req.path(), user, pki.authenticate(req.sslSession(), authorization)));
        if (user.isPresent()) {
            req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("username", user.get().name()).put("groups", new ArrayList<>(user.get().groups())).encode());
        } else {
            req.response().setStatusCode(401).putHeader("Content-Type", "application/json").end(new JsonObject()
                    .put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                    .put("message", "Unauthorized").put("reason", "Unauthorized").put("code", 401).encode());
        }
    }

    private Seen nextSeen() throws InterruptedException {
        Seen s = seen.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("the handler saw a request").isNotNull();
        assertThat(s.bySslSession()).isEqualTo(s.byPeerCertificates());
        return s;
    }

    @Test
    void adminClientCertIsAuthenticated() throws Exception {
        HttpResponse<String> r = new TlsClient(pki.caCertPem(), pki.adminCertPem(), pki.adminKeyPem()).get(url + "/whoami", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getString("username")).isEqualTo("jube-admin");
        assertThat(nextSeen().byPeerCertificates()).contains(ADMIN);
    }

    @Test
    void requestWithoutClientCertPassesTheHandshakeAndGets401() throws Exception {
        HttpResponse<String> r = new TlsClient(pki.caCertPem(), null, null).get(url + "/api", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(r.body()).getString("reason")).isEqualTo("Unauthorized");
        Seen s = nextSeen();
        assertThat(s.path()).isEqualTo("/api");
        assertThat(s.byPeerCertificates()).isEmpty();
    }

    @Test
    void bearerTokenWithoutClientCertIsAuthenticated() throws Exception {
        HttpResponse<String> r = new TlsClient(pki.caCertPem(), null, null).get(url + "/whoami", "Bearer " + pki.adminToken());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(nextSeen().byPeerCertificates()).contains(ADMIN);
    }

    @Test
    void clientCertFromAnotherCaReachesTheServerAndIsRejected() throws Exception {
        ClusterPki other = ClusterPki.loadOrCreate(otherDataDir, List.of());

        HttpResponse<String> r = new TlsClient(pki.caCertPem(), other.adminCertPem(), other.adminKeyPem()).get(url + "/whoami", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.sslSession()).isPresent();
        assertThat(r.sslSession().get().getLocalCertificates()).as("the foreign certificate was sent").hasSize(1);
        assertThat(nextSeen().byPeerCertificates()).isEmpty();
    }

    @Test
    void realKubectlVerifiesTheServerAndPresentsTheAdminCert() throws Exception {
        requireKubectl();
        Path kubeconfig = home.resolve("admin.conf");
        Kubeconfig.write(kubeconfig, url, pki);

        Result r = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(new JsonObject(r.stdout()).getString("username")).isEqualTo("jube-admin");
        // kubectl has exited, so every request it made is in the queue (this kubectl build may ask /version first)
        List<Seen> requests = new ArrayList<>();
        seen.drainTo(requests);
        assertThat(requests).extracting(Seen::path).contains("/whoami");
        assertThat(requests).allSatisfy(s -> {
            assertThat(s.byPeerCertificates()).contains(ADMIN);
            assertThat(s.bySslSession()).contains(ADMIN);
        });
    }

    @Test
    void realKubectlRefusesAServerItsCaDidNotSign() throws Exception {
        requireKubectl();
        Path kubeconfig = home.resolve("foreign.conf");
        Kubeconfig.write(kubeconfig, url, ClusterPki.loadOrCreate(otherDataDir, List.of()));

        Result r = kubectl(kubeconfig, "get", "--raw", "/whoami");

        assertThat(r.exit()).as(r.toString()).isNotZero();
        assertThat(r.stderr()).contains("certificate signed by unknown authority");
        assertThat(seen).as("no request got past TLS").isEmpty();
    }

    private static void requireKubectl() {
        if (Files.isExecutable(KUBECTL)) {
            return;
        }
        if ("1".equals(System.getenv("JUBE_E2E_REQUIRED"))) {
            fail(KUBECTL + " is missing and JUBE_E2E_REQUIRED=1");
        }
        Assumptions.abort(KUBECTL + " is not installed");
    }

    record Result(int exit, String stdout, String stderr) {
    }

    private Result kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
                "--request-timeout=20s"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("KUBECONFIG");
        pb.environment().put("HOME", home.toString());
        Path out = home.resolve("kubectl.out");
        Path err = home.resolve("kubectl.err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl did not finish within 60s: " + cmd);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
