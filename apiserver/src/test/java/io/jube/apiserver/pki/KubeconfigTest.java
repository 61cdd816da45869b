package io.jube.apiserver.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigTest {
    @TempDir
    Path dir;

    @Test
    void embedsCaAndAdminCredentialsUnderContextJube() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("data"), List.of());
        Path file = dir.resolve("kube/admin.conf");

        Kubeconfig.write(file, "https://127.0.0.1:6443", pki);

        JsonNode config = Json.YAML.readTree(file.toFile());
        assertThat(config.path("kind").asText()).isEqualTo("Config");
        assertThat(config.path("current-context").asText()).isEqualTo("jube");
        JsonNode context = config.path("contexts").get(0);
        assertThat(context.path("name").asText()).isEqualTo("jube");
        assertThat(context.path("context").path("cluster").asText()).isEqualTo("jube");
        assertThat(context.path("context").path("user").asText()).isEqualTo("jube-admin");
        JsonNode cluster = config.path("clusters").get(0);
        assertThat(cluster.path("name").asText()).isEqualTo("jube");
        assertThat(cluster.path("cluster").path("server").asText()).isEqualTo("https://127.0.0.1:6443");
        assertThat(decode(cluster.path("cluster").path("certificate-authority-data"))).isEqualTo(pki.caCertPem());
        JsonNode user = config.path("users").get(0);
        assertThat(user.path("name").asText()).isEqualTo("jube-admin");
        assertThat(decode(user.path("user").path("client-certificate-data"))).isEqualTo(pki.adminCertPem());
        // SEC1 with the curve named, which both kubectl (Go) and fabric8 read
        String key = decode(user.path("user").path("client-key-data"));
        assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(((java.security.interfaces.ECPrivateKey) Pem.privateKey(key, "kubeconfig")).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) Pem.privateKey(pki.adminKeyPem(), "pki")).getS());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void rewriteReplacesTheFileAndLeavesNoTemporaryFiles() throws Exception {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("data"), List.of());
        Path file = dir.resolve("admin.conf");
        Kubeconfig.write(file, "https://127.0.0.1:6443", pki);

        Kubeconfig.write(file, "https://[::1]:7443", pki);

        assertThat(Json.YAML.readTree(file.toFile()).path("clusters").get(0).path("cluster").path("server").asText())
                .isEqualTo("https://[::1]:7443");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("admin.conf", "data");
        }
    }

    @Test
    void nonHttpsServerUrlIsRejectedAndNothingIsWritten() {
        ClusterPki pki = ClusterPki.loadOrCreate(dir.resolve("data"), List.of());
        Path file = dir.resolve("admin.conf");

        for (String bad : new String[] {"http://127.0.0.1:6443", "127.0.0.1:6443", "https://", "https://bad host", null}) {
            assertThatThrownBy(() -> Kubeconfig.write(file, bad, pki)).as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(file).doesNotExist();
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
    }
}
