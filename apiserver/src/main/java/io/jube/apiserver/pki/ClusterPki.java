package io.jube.apiserver.pki;

import io.netty.handler.ssl.OpenSsl;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.OpenSSLEngineOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's TLS material under {@code <dataDir>/tls}: a self-signed CA, the API server's serving
 * certificate, the admin client certificate and the admin bearer token. Created on first start,
 * loaded afterwards; leaf certificates are re-issued when missing, damaged, not signed by the CA,
 * missing a wanted name, or within 30 days of expiry. The CA itself is never replaced silently,
 * because that would invalidate every kubeconfig and node certificate already handed out.
 * Immutable once loaded and safe to share between threads.
 */
public final class ClusterPki {
    public static final String CA_NAME = "jube-ca";
    public static final String SERVER_NAME = "jube-apiserver";
    public static final String ADMIN_USER = "jube-admin";
    public static final String MASTERS_GROUP = "system:masters";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration LEAF_VALIDITY = Duration.ofDays(365);
    static final Duration RENEW_BEFORE = Duration.ofDays(30);
    static final List<String> DEFAULT_SANS = List.of("localhost", "127.0.0.1", "::1", "kubernetes",
            "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local");

    private static final Logger LOG = LoggerFactory.getLogger(ClusterPki.class);

    private final Path tlsDir;
    private final Clock clock;
    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final String caPem;
    private final IssuedCert server;
    private final IssuedCert admin;
    private final String token;
    private final Authenticator authenticator;

    private ClusterPki(Path tlsDir, Clock clock, X509Certificate ca, PrivateKey caKey, IssuedCert server,
            IssuedCert admin, String token) {
        this.tlsDir = tlsDir;
        this.clock = clock;
        this.ca = ca;
        this.caKey = caKey;
        this.caPem = Pem.encode(ca);
        this.server = server;
        this.admin = admin;
        this.token = token;
        this.authenticator = new Authenticator(ca, token,
                new UserInfo(ADMIN_USER, List.of(MASTERS_GROUP, Authenticator.AUTHENTICATED)), clock);
    }

    /**
     * Loads the material from {@code dataDir/tls}, creating whatever is missing.
     *
     * @param extraSans further names the serving certificate must carry: IP literals or DNS names
     * @throws IllegalArgumentException when an extra SAN is neither an IP nor a DNS name
     * @throws IllegalStateException when the CA files exist but are unusable (never replaced silently)
     */
    public static ClusterPki loadOrCreate(Path dataDir, List<String> extraSans) {
        return loadOrCreate(dataDir, extraSans, Clock.systemUTC());
    }

    static ClusterPki loadOrCreate(Path dataDir, List<String> extraSans, Clock clock) {
        Objects.requireNonNull(dataDir, "dataDir");
        SubjectAltNames wanted = wantedSans(extraSans == null ? List.of() : extraSans);
        Path dir = SecureFiles.ownerOnlyDirectory(dataDir.resolve("tls"));
        Instant now = clock.instant();

        Path caCrt = dir.resolve("ca.crt");
        Path caKeyFile = dir.resolve("ca.key");
        X509Certificate ca;
        PrivateKey caKey;
        if (Files.exists(caCrt)) {
            ca = loadCa(caCrt, caKeyFile);
            caKey = Pem.privateKey(SecureFiles.read(caKeyFile), caKeyFile.toString());
        } else {
            // ca.crt is written last, so a crash mid-way leaves no CA and the next start begins afresh
            KeyPair keys = CertIssuer.newKeyPair();
            caKey = keys.getPrivate();
            ca = CertIssuer.selfSignedCa(keys, CA_NAME, now, CA_VALIDITY);
            SecureFiles.writeAtomically(caKeyFile, bytes(Pem.encode(caKey)), SecureFiles.OWNER_ONLY);
            SecureFiles.writeAtomically(caCrt, bytes(Pem.encode(ca)), SecureFiles.PUBLIC_READ);
            LOG.info("created cluster CA {} in {}", CA_NAME, dir);
        }
        SecureFiles.restrictToOwner(caKeyFile);

        LeafStore leaves = new LeafStore(ca, caKey, now);
        IssuedCert server = leaves.loadOrIssue(dir.resolve("server.crt"), dir.resolve("server.key"),
                cert -> SubjectAltNames.of(cert).covers(wanted),
                key -> CertIssuer.serving(ca, caKey, key, SERVER_NAME, wanted, now, LEAF_VALIDITY));
        IssuedCert admin = leaves.loadOrIssue(dir.resolve("admin.crt"), dir.resolve("admin.key"),
                cert -> true,
                key -> CertIssuer.client(ca, caKey, key, ADMIN_USER, List.of(MASTERS_GROUP), now,
                        clampToCa(ca, now, LEAF_VALIDITY)));
        String token = loadOrCreateToken(dir.resolve("admin.token"));
        return new ClusterPki(dir, clock, ca, caKey, server, admin, token);
    }

    private static X509Certificate loadCa(Path caCrt, Path caKeyFile) {
        if (!Files.exists(caKeyFile)) {
            throw new IllegalStateException(caCrt + " exists but " + caKeyFile
                    + " is missing; restore the CA key or remove the whole tls directory to start a new cluster CA");
        }
        X509Certificate ca;
        PrivateKey key;
        try {
            ca = Pem.certificate(SecureFiles.read(caCrt), caCrt.toString());
            key = Pem.privateKey(SecureFiles.read(caKeyFile), caKeyFile.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("unusable cluster CA: " + e.getMessage(), e);
        }
        if (!CertIssuer.matches(ca, key)) {
            throw new IllegalStateException(caKeyFile + " is not the private key of " + caCrt);
        }
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalStateException(caCrt + " is not a CA certificate");
        }
        return ca;
    }

    private static SubjectAltNames wantedSans(List<String> extraSans) {
        SubjectAltNames sans = SubjectAltNames.parse(DEFAULT_SANS).plus(SubjectAltNames.parse(extraSans));
        String host = hostname();
        if (host != null) {
            try {
                sans = sans.plus(SubjectAltNames.parse(List.of(host)));
            } catch (IllegalArgumentException e) {
                LOG.warn("hostname {} is not a valid DNS name; leaving it out of the serving certificate", host);
            }
        }
        return sans;
    }

    /** The machine's hostname without a DNS lookup where the OS tells us directly. */
    private static String hostname() {
        try {
            Path proc = Path.of("/proc/sys/kernel/hostname");
            if (Files.isReadable(proc)) {
                String h = Files.readString(proc).trim();
                if (!h.isEmpty()) {
                    return h;
                }
            }
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return null;
        }
    }

    private static Duration clampToCa(X509Certificate ca, Instant now, Duration validity) {
        Duration left = Duration.between(now, ca.getNotAfter().toInstant());
        if (left.isNegative() || left.isZero()) {
            throw new IllegalStateException("the cluster CA expired at " + ca.getNotAfter().toInstant());
        }
        return validity.compareTo(left) > 0 ? left : validity;
    }

    private static String loadOrCreateToken(Path file) {
        if (Files.exists(file)) {
            String t = SecureFiles.read(file).trim();
            if (!t.isEmpty()) {
                SecureFiles.restrictToOwner(file);
                return t;
            }
            LOG.warn("{} is empty; generating a new admin token", file);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String t = HexFormat.of().formatHex(random);
        SecureFiles.writeAtomically(file, bytes(t + "\n"), SecureFiles.OWNER_ONLY);
        return t;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Issues a client certificate (clientAuth usage) for a user such as a node agent, e.g.
     * {@code issueClientCert("system:node:n1", List.of("system:nodes"), Duration.ofDays(365))}.
     * The validity is cut short at the CA's own expiry. Nothing is written to disk.
     */
    public IssuedCert issueClientCert(String cn, List<String> orgs, Duration validity) {
        if (cn == null || cn.isBlank()) {
            throw new IllegalArgumentException("client certificate needs a non-empty common name");
        }
        List<String> groups = List.copyOf(orgs == null ? List.of() : orgs);
        if (groups.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("organization names must not be empty: " + groups);
        }
        Objects.requireNonNull(validity, "validity");
        Instant now = clock.instant();
        KeyPair keys = CertIssuer.newKeyPair();
        X509Certificate cert = CertIssuer.client(ca, caKey, keys.getPublic(), cn, groups, now,
                clampToCa(ca, now, validity));
        return new IssuedCert(cert, Pem.encode(cert), Pem.encode(keys.getPrivate()));
    }

    /** The user of a request: by client certificate from the TLS session, else by bearer token. */
    public Optional<UserInfo> authenticate(SSLSession session, String authorizationHeader) {
        Certificate[] chain = null;
        if (session != null) {
            try {
                chain = session.getPeerCertificates();
            } catch (SSLPeerUnverifiedException noClientCert) {
                chain = null;
            }
        }
        return authenticate(chain, authorizationHeader);
    }

    /** The user of a request given the client's certificate chain (leaf first; may be null or empty). */
    public Optional<UserInfo> authenticate(Certificate[] peerChain, String authorizationHeader) {
        return authenticator.authenticate(peerChain == null ? List.of() : Arrays.asList(peerChain),
                authorizationHeader);
    }

    /** As above, in the form Vert.x's {@code HttpConnection.peerCertificates()} returns. */
    public Optional<UserInfo> authenticate(List<? extends Certificate> peerChain, String authorizationHeader) {
        return authenticator.authenticate(peerChain == null ? List.of() : new ArrayList<>(peerChain),
                authorizationHeader);
    }

    /** The serving certificate and key for {@code HttpServerOptions.setKeyCertOptions}. */
    public PemKeyCertOptions serverKeyCert() {
        return new PemKeyCertOptions().setCertValue(Buffer.buffer(server.certPem()))
                .setKeyValue(Buffer.buffer(server.keyPem()));
    }

    /**
     * Trust for client certificates: names the cluster CA in the TLS CertificateRequest but lets every
     * handshake through, so unauthenticated requests reach the server and get a 401 Status; the
     * certificate is judged by {@link #authenticate}. Use with {@link ClientAuth#REQUEST}.
     */
    public PemTrustOptions clientTrust() {
        return new RequestedClientCertTrust(ca, caPem);
    }

    /** Which TLS implementation {@link #configureHttps} picks here, for the startup log. */
    public static String tlsEngine() {
        return OpenSSLEngineOptions.isAvailable() ? "BoringSSL (netty-tcnative, " + OpenSsl.versionString() + ")"
                : "the JDK's TLS (netty-tcnative did not load: " + OpenSsl.unavailabilityCause() + ")";
    }

    /**
     * Turns on TLS with the serving certificate and requested (not required) client certificates, on BoringSSL
     * (netty-tcnative) where its native library loads, else on the JDK's TLS. With 5,000 nodes renewing Leases over
     * TLS, the JDK's TLS engine was 15% of the server's CPU samples.
     */
    public HttpServerOptions configureHttps(HttpServerOptions options) {
        if (OpenSSLEngineOptions.isAvailable()) {
            options.setSslEngineOptions(new OpenSSLEngineOptions());
        }
        return options.setSsl(true).setKeyCertOptions(serverKeyCert()).setTrustOptions(clientTrust())
                .setClientAuth(ClientAuth.REQUEST);
    }

    public X509Certificate caCertificate() {
        return ca;
    }

    public X509Certificate serverCertificate() {
        return server.certificate();
    }

    public String caCertPem() {
        return caPem;
    }

    public String serverCertPem() {
        return server.certPem();
    }

    public String serverKeyPem() {
        return server.keyPem();
    }

    public String adminCertPem() {
        return admin.certPem();
    }

    public String adminKeyPem() {
        return admin.keyPem();
    }

    public String adminToken() {
        return token;
    }

    public Path tlsDir() {
        return tlsDir;
    }

    public Path caCertPath() {
        return tlsDir.resolve("ca.crt");
    }

    public Path caKeyPath() {
        return tlsDir.resolve("ca.key");
    }

    public Path serverCertPath() {
        return tlsDir.resolve("server.crt");
    }

    public Path serverKeyPath() {
        return tlsDir.resolve("server.key");
    }

    public Path adminCertPath() {
        return tlsDir.resolve("admin.crt");
    }

    public Path adminKeyPath() {
        return tlsDir.resolve("admin.key");
    }

    public Path adminTokenPath() {
        return tlsDir.resolve("admin.token");
    }

    /** Loads a leaf pair or issues a fresh one when the stored pair cannot be used any more. */
    private record LeafStore(X509Certificate ca, PrivateKey caKey, Instant now) {
        interface Check {
            boolean ok(X509Certificate cert);
        }

        interface Issue {
            X509Certificate issue(java.security.PublicKey key);
        }

        IssuedCert loadOrIssue(Path certFile, Path keyFile, Check check, Issue issue) {
            String reason = reusable(certFile, keyFile, check);
            if (reason == null) {
                SecureFiles.restrictToOwner(keyFile);
                String certPem = SecureFiles.read(certFile);
                return new IssuedCert(Pem.certificate(certPem, certFile.toString()), certPem,
                        SecureFiles.read(keyFile));
            }
            LOG.info("issuing {}: {}", certFile.getFileName(), reason);
            KeyPair keys = CertIssuer.newKeyPair();
            X509Certificate cert = issue.issue(keys.getPublic());
            String keyPem = Pem.encode(keys.getPrivate());
            String certPem = Pem.encode(cert);
            // key first: a crash in between leaves a mismatched pair, which the next start re-issues
            SecureFiles.writeAtomically(keyFile, bytes(keyPem), SecureFiles.OWNER_ONLY);
            SecureFiles.writeAtomically(certFile, bytes(certPem), SecureFiles.PUBLIC_READ);
            return new IssuedCert(cert, certPem, keyPem);
        }

        /** Null when the stored pair is fine, else why it is not. */
        private String reusable(Path certFile, Path keyFile, Check check) {
            if (!Files.exists(certFile) || !Files.exists(keyFile)) {
                return "not present";
            }
            X509Certificate cert;
            PrivateKey key;
            try {
                cert = Pem.certificate(SecureFiles.read(certFile), certFile.toString());
                key = Pem.privateKey(SecureFiles.read(keyFile), keyFile.toString());
            } catch (IllegalArgumentException e) {
                return "stored copy unreadable (" + e.getMessage() + ")";
            }
            if (!CertIssuer.matches(cert, key)) {
                return "key does not match certificate";
            }
            try {
                cert.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                return "not signed by the current cluster CA";
            }
            if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
                return "expires at " + cert.getNotAfter().toInstant();
            }
            if (cert.getNotBefore().toInstant().isAfter(now)) {
                return "not valid before " + cert.getNotBefore().toInstant();
            }
            if (!check.ok(cert)) {
                return "subject alternative names do not cover the wanted names";
            }
            return null;
        }
    }
}
