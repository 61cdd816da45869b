package io.jube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticateTest {
    private static final UserInfo ADMIN = new UserInfo("jube-admin", List.of("system:masters", "system:authenticated"));

    @TempDir
    Path dataDir;
    @TempDir
    Path otherDataDir;
    ClusterPki pki;

    @BeforeEach
    void load() {
        pki = ClusterPki.loadOrCreate(dataDir, List.of());
    }

    @Test
    void adminClientCertIsJubeAdminInSystemMasters() {
        assertThat(pki.authenticate(chain(pki.adminCertPem()), null)).contains(ADMIN);
        assertThat(pki.authenticate(List.of(Pem.certificate(pki.adminCertPem(), "admin")), null)).contains(ADMIN);
    }

    @Test
    void certWithTheSameNamesFromAnotherCaIsRejected() {
        ClusterPki other = ClusterPki.loadOrCreate(otherDataDir, List.of());

        assertThat(other.authenticate(chain(other.adminCertPem()), null)).contains(ADMIN);
        assertThat(pki.authenticate(chain(other.adminCertPem()), null)).isEmpty();
        // the foreign leaf does not become acceptable by sending the foreign CA along with it
        assertThat(pki.authenticate(chain(other.adminCertPem(), other.caCertPem()), null)).isEmpty();
    }

    @Test
    void certsWithoutClientAuthUsageAreRejected() {
        assertThat(pki.authenticate(chain(pki.serverCertPem()), null)).isEmpty();
        assertThat(pki.authenticate(chain(pki.caCertPem()), null)).isEmpty();
    }

    @Test
    void expiredAndNotYetValidCertsAreRejected() {
        Instant t0 = Instant.now();
        ClusterPki atT0 = ClusterPki.loadOrCreate(dataDir, List.of(), Clock.fixed(t0, ZoneOffset.UTC));
        IssuedCert shortLived = atT0.issueClientCert("temp", List.of(), Duration.ofHours(1));

        assertThat(atT0.authenticate(chain(shortLived.certPem()), null)).isPresent();
        ClusterPki later = ClusterPki.loadOrCreate(dataDir, List.of(), Clock.fixed(t0.plus(Duration.ofHours(2)), ZoneOffset.UTC));
        assertThat(later.authenticate(chain(shortLived.certPem()), null)).isEmpty();
        ClusterPki earlier = ClusterPki.loadOrCreate(dataDir, List.of(), Clock.fixed(t0.minus(Duration.ofHours(1)), ZoneOffset.UTC));
        assertThat(earlier.authenticate(chain(shortLived.certPem()), null)).isEmpty();
    }

    @Test
    void bearerTokenIsJubeAdmin() {
        assertThat(pki.authenticate((Certificate[]) null, "Bearer " + pki.adminToken())).contains(ADMIN);
        assertThat(pki.authenticate(new Certificate[0], "bearer   " + pki.adminToken() + " ")).contains(ADMIN);
    }

    @Test
    void wrongOrMalformedTokensAreRejected() {
        String t = pki.adminToken();
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer x" + t, "Bearer " + t.substring(1),
                "Basic " + t, t, "Bearer " + ClusterPki.loadOrCreate(otherDataDir, List.of()).adminToken()}) {
            assertThat(pki.authenticate((Certificate[]) null, header)).as(String.valueOf(header)).isEmpty();
        }
    }

    @Test
    void aRejectedCertFallsBackToTheBearerToken() {
        ClusterPki other = ClusterPki.loadOrCreate(otherDataDir, List.of());

        assertThat(pki.authenticate(chain(other.adminCertPem()), "Bearer " + pki.adminToken())).contains(ADMIN);
    }

    @Test
    void multipleOrganizationsBecomeGroups() {
        IssuedCert cert = pki.issueClientCert("alice", List.of("dev", "ops,team"), Duration.ofDays(1));

        assertThat(pki.authenticate(chain(cert.certPem()), null))
                .contains(new UserInfo("alice", List.of("dev", "ops,team", "system:authenticated")));
    }

    private static Certificate[] chain(String... pems) {
        Certificate[] out = new Certificate[pems.length];
        for (int i = 0; i < pems.length; i++) {
            out[i] = Pem.certificate(pems[i], "test");
        }
        return out;
    }
}
