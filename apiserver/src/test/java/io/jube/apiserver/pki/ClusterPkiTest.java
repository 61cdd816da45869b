package io.jube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterPkiTest {
    @TempDir
    Path dataDir;

    @Test
    void firstStartCreatesCaServerAndAdminMaterialWithPrivateKeys() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7", "api.example.test"));
        Path tls = dataDir.resolve("tls");

        assertThat(pki.tlsDir()).isEqualTo(tls);
        for (String f : List.of("ca.crt", "ca.key", "server.crt", "server.key", "admin.crt", "admin.key", "admin.token")) {
            assertThat(tls.resolve(f)).isRegularFile();
        }
        for (Path secret : List.of(pki.caKeyPath(), pki.serverKeyPath(), pki.adminKeyPath(), pki.adminTokenPath())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.readString(pki.caCertPath())).isEqualTo(pki.caCertPem()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(pki.serverKeyPath())).isEqualTo(pki.serverKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pki.adminKeyPath())).isEqualTo(pki.adminKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(pki.adminToken()).hasSize(64).matches("[0-9a-f]+");
        assertThat(Files.readString(pki.adminTokenPath()).trim()).isEqualTo(pki.adminToken());
    }

    @Test
    void caIsSelfSignedP256ForTenYears() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of());
        X509Certificate ca = pki.caCertificate();

        assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=jube-ca");
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(Duration.between(Instant.now(), ca.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(3649), Duration.ofDays(3651));
    }

    @Test
    void servingCertCarriesDefaultHostnameAndExtraSans() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7", "API.Example.test", "[fd00::5]"));
        X509Certificate server = pki.serverCertificate();
        SubjectAltNames sans = SubjectAltNames.of(server);

        server.verify(pki.caCertificate().getPublicKey());
        assertThat(server.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(sans.dnsNames()).contains("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local", "api.example.test",
                Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase());
        assertThat(sans.ips()).contains(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1"),
                InetAddress.getByName("10.0.0.7"), InetAddress.getByName("fd00::5"));
        assertThat(Duration.between(Instant.now(), server.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(364), Duration.ofDays(366));
    }

    @Test
    void adminCertIsClientCertForSystemMasters() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of());
        X509Certificate admin = Pem.certificate(pki.adminCertPem(), "admin");

        admin.verify(pki.caCertificate().getPublicKey());
        assertThat(admin.getSubjectX500Principal().getName()).isEqualTo("CN=jube-admin,O=system:masters");
        assertThat(admin.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_clientAuth.getId());
        assertThat(CertIssuer.matches(admin, Pem.privateKey(pki.adminKeyPem(), "admin"))).isTrue();
    }

    @Test
    void reloadYieldsIdenticalMaterial() {
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7"));
        ClusterPki second = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7"));

        assertThat(second.caCertPem()).isEqualTo(first.caCertPem());
        assertThat(second.serverCertPem()).isEqualTo(first.serverCertPem());
        assertThat(second.serverKeyPem()).isEqualTo(first.serverKeyPem());
        assertThat(second.adminCertPem()).isEqualTo(first.adminCertPem());
        assertThat(second.adminKeyPem()).isEqualTo(first.adminKeyPem());
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
    }

    @Test
    void newExtraSanReissuesOnlyTheServingCert() {
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7"));
        ClusterPki second = ClusterPki.loadOrCreate(dataDir, List.of("10.0.0.7", "192.168.9.9"));

        assertThat(second.serverCertPem()).isNotEqualTo(first.serverCertPem());
        assertThat(SubjectAltNames.of(second.serverCertificate()).covers(
                SubjectAltNames.parse(List.of("10.0.0.7", "192.168.9.9")))).isTrue();
        assertThat(second.caCertPem()).isEqualTo(first.caCertPem());
        assertThat(second.adminCertPem()).isEqualTo(first.adminCertPem());
        assertThat(second.adminToken()).isEqualTo(first.adminToken());
        // a subset of what the cert already covers does not churn it
        assertThat(ClusterPki.loadOrCreate(dataDir, List.of("192.168.9.9")).serverCertPem())
                .isEqualTo(second.serverCertPem());
    }

    @Test
    void leafCertsExpiringWithin30DaysAreReissuedButTheCaIsKept() {
        Instant start = Instant.now();
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of(), Clock.fixed(start, ZoneOffset.UTC));
        ClusterPki at31DaysLeft = ClusterPki.loadOrCreate(dataDir, List.of(),
                Clock.fixed(start.plus(Duration.ofDays(334)), ZoneOffset.UTC));
        ClusterPki at29DaysLeft = ClusterPki.loadOrCreate(dataDir, List.of(),
                Clock.fixed(start.plus(Duration.ofDays(336)), ZoneOffset.UTC));

        assertThat(at31DaysLeft.serverCertPem()).isEqualTo(first.serverCertPem());
        assertThat(at29DaysLeft.serverCertPem()).isNotEqualTo(first.serverCertPem());
        assertThat(at29DaysLeft.adminCertPem()).isNotEqualTo(first.adminCertPem());
        assertThat(at29DaysLeft.caCertPem()).isEqualTo(first.caCertPem());
        assertThat(at29DaysLeft.serverCertificate().getNotAfter().toInstant())
                .isAfter(start.plus(Duration.ofDays(336 + 364)));
    }

    @Test
    void damagedOrMismatchedLeafFilesAreReissued() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of());
        Files.writeString(first.serverCertPath(), "garbage");
        Files.writeString(first.adminKeyPath(), Pem.encode(CertIssuer.newKeyPair().getPrivate()));

        ClusterPki second = ClusterPki.loadOrCreate(dataDir, List.of());

        assertThat(second.serverCertPem()).startsWith("-----BEGIN CERTIFICATE-----").isNotEqualTo(first.serverCertPem());
        X509Certificate admin = Pem.certificate(second.adminCertPem(), "admin");
        assertThat(CertIssuer.matches(admin, Pem.privateKey(second.adminKeyPem(), "admin"))).isTrue();
        assertThat(second.caCertPem()).isEqualTo(first.caCertPem());
    }

    @Test
    void leafCertsFromAReplacedCaAreReissued() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of());
        Files.delete(first.caCertPath());
        Files.delete(first.caKeyPath());

        ClusterPki second = ClusterPki.loadOrCreate(dataDir, List.of());

        assertThat(second.caCertPem()).isNotEqualTo(first.caCertPem());
        second.serverCertificate().verify(second.caCertificate().getPublicKey());
        Pem.certificate(second.adminCertPem(), "admin").verify(second.caCertificate().getPublicKey());
    }

    @Test
    void missingOrForeignCaKeyIsAClearErrorNotASilentNewCa() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of());
        String caCert = pki.caCertPem();
        Files.delete(pki.caKeyPath());

        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ca.key").hasMessageContaining("missing");

        Files.writeString(pki.caKeyPath(), Pem.encode(CertIssuer.newKeyPair().getPrivate()));
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not the private key");

        Files.writeString(pki.caKeyPath(), "-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----\n");
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("ca.key");
        assertThat(Files.readString(pki.caCertPath())).isEqualTo(caCert);
    }

    @Test
    void badExtraSanIsRejectedBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of("not a name!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a name!");
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of("300.1.1.1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("300.1.1.1");
        assertThatThrownBy(() -> ClusterPki.loadOrCreate(dataDir, List.of("")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(dataDir.resolve("tls")).doesNotExist();
    }

    @Test
    void blankTokenFileIsReplacedAndLooseKeyPermissionsAreTightened() throws Exception {
        ClusterPki first = ClusterPki.loadOrCreate(dataDir, List.of());
        Files.writeString(first.adminTokenPath(), "  \n");
        Files.setPosixFilePermissions(first.serverKeyPath(), PosixFilePermissions.fromString("rw-r--r--"));

        ClusterPki second = ClusterPki.loadOrCreate(dataDir, List.of());

        assertThat(second.adminToken()).hasSize(64).isNotEqualTo(first.adminToken());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second.serverKeyPath())))
                .isEqualTo("rw-------");
    }

    @Test
    void issuedClientCertAuthenticatesWithItsNameAndGroups() {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of());
        IssuedCert node = pki.issueClientCert("system:node:n1", List.of("system:nodes"), Duration.ofDays(30));

        assertThat(node.keyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(pki.authenticate(new java.security.cert.Certificate[] {node.certificate()}, null))
                .contains(new UserInfo("system:node:n1", List.of("system:nodes", "system:authenticated")));
        assertThatThrownBy(() -> pki.issueClientCert(" ", List.of(), Duration.ofDays(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pki.issueClientCert("x", List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clientCertValidityIsCutAtTheCaExpiry() {
        ClusterPki pki = ClusterPki.loadOrCreate(dataDir, List.of());
        IssuedCert longLived = pki.issueClientCert("someone", List.of(), Duration.ofDays(20 * 365));

        assertThat(longLived.certificate().getNotAfter()).isEqualTo(pki.caCertificate().getNotAfter());
    }
}
