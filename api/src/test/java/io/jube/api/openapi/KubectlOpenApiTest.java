package io.jube.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.jube.api.catalogue.Catalogue;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl reads our documents: explain (OpenAPI v3 and, with plaintext-openapiv2, the v2
 * protobuf), and apply --dry-run=client, including its fieldValidation support check against v3.
 * Skipped when kubectl is not installed, unless JUBE_E2E_REQUIRED=1.
 */
class KubectlOpenApiTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: default
            spec:
              replicas: 2
              selector:
                matchLabels: {app: web}
              template:
                metadata:
                  labels: {app: web}
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 80
            """;

    @TempDir
    static Path home;
    private static DiscoveryStubServer server;
    private static String kubectl;

    @BeforeAll
    static void start() throws IOException {
        kubectl = findKubectl();
        if (kubectl == null) {
            if ("1".equals(System.getenv("JUBE_E2E_REQUIRED"))) {
                fail("kubectl is required (JUBE_E2E_REQUIRED=1) but is not on the PATH");
            }
            Assumptions.abort("kubectl not installed");
        }
        server = new DiscoveryStubServer(Catalogue.builtIn());
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: stub
                  cluster: {server: "%s"}
                contexts:
                - name: stub
                  context: {cluster: stub, user: stub, namespace: default}
                current-context: stub
                users:
                - name: stub
                  user: {}
                """.formatted(server.url()));
        Files.writeString(home.resolve("deployment.yaml"), DEPLOYMENT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void explainPodContainersFromOpenApiV3() throws Exception {
        Result r = kubectl("explain", "pod.spec.containers");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("KIND:       Pod", "VERSION:    v1", "FIELD: containers <[]Container>",
                "name\t<string> -required-", "ports\t<[]ContainerPort>", "image\t<string>");
    }

    @Test
    void explainDeploymentRecursively() throws Exception {
        Result r = kubectl("explain", "deployments", "--recursive");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("KIND:       Deployment", "GROUP:      apps",
                "Deployment enables declarative updates for Pods and ReplicaSets.",
                "template\t<PodTemplateSpec> -required-", "containers\t<[]Container> -required-",
                "rollingUpdate\t<RollingUpdateDeployment>", "maxSurge\t<IntOrString>",
                "creationTimestamp\t<string>");
    }

    @Test
    void explainFromTheOpenApiV2Protobuf() throws Exception {
        Result r = kubectl("explain", "deployment.spec.strategy", "--output=plaintext-openapiv2");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("KIND:     Deployment", "RESOURCE: strategy <Object>", "rollingUpdate");
    }

    @Test
    void applyDryRunClientPrintsTheObject() throws Exception {
        Result r = kubectl("apply", "--dry-run=client", "-f", home.resolve("deployment.yaml").toString(), "-o",
                "yaml", "--validate=false");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("kind: Deployment", "name: web", "image: nginx:1.27",
                "kubectl.kubernetes.io/last-applied-configuration");
    }

    @Test
    void strictValidationIsLeftToTheServerBecauseV3OffersFieldValidation() throws Exception {
        // kubectl validates client-side only when the server's PATCH operation for the kind lacks
        // a fieldValidation parameter; ours has it, so an unknown field is left to the server.
        Path bad = home.resolve("bad.yaml");
        Files.writeString(bad, DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  bogusField: 1"));
        Result r = kubectl("apply", "--dry-run=client", "--validate=strict", "-f", bad.toString(), "-o", "name");
        assertThat(r.exit).as(r.output).isZero();
        assertThat(r.output).contains("deployment.apps/web");
    }

    @Test
    void clientSideValidationAgainstTheV2ProtobufWhenTheServerLacksFieldValidation() throws Exception {
        try (DiscoveryStubServer old = new DiscoveryStubServer(Catalogue.builtIn(), false)) {
            Path kubeconfig = home.resolve("kubeconfig-old");
            Files.writeString(kubeconfig, Files.readString(home.resolve("kubeconfig")).replace(server.url(),
                    old.url()));
            // valid: int-or-string ports, quantities written as numbers and strings, env, probes
            Path good = home.resolve("good.yaml");
            Files.writeString(good, """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: web, namespace: default, labels: {app: web}}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: web}}
                      strategy:
                        rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          containers:
                          - name: web
                            image: nginx:1.27
                            ports: [{name: http, containerPort: 80}]
                            resources:
                              limits: {cpu: 1, memory: 64Mi}
                              requests: {cpu: "250m"}
                            env: [{name: MODE, value: prod}]
                            readinessProbe:
                              httpGet: {path: /, port: http}
                    """);
            Result ok = kubectl(kubeconfig, "apply", "--dry-run=client", "--validate=strict", "-f", good.toString(),
                    "-o", "name");
            assertThat(ok.exit).as(ok.output).isZero();
            assertThat(ok.output).contains("deployment.apps/web");

            Path bad = home.resolve("bad-old.yaml");
            Files.writeString(bad, DEPLOYMENT.replace("  replicas: 2", "  replicas: 2\n  bogusField: 1"));
            Result rejected = kubectl(kubeconfig, "apply", "--dry-run=client", "--validate=strict", "-f",
                    bad.toString(), "-o", "name");
            assertThat(rejected.exit).isNotZero();
            assertThat(rejected.output).contains(
                    "unknown field \"bogusField\" in io.k8s.api.apps.v1.DeploymentSpec");
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result kubectl(String... args) throws IOException, InterruptedException {
        return kubectl(home.resolve("kubeconfig"), args);
    }

    private static Result kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(kubectl, "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", home.resolve("cache-" + kubeconfig.getFileName()).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        pb.environment().remove("KUBECONFIG");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("kubectl " + String.join(" ", args) + " did not finish in 60s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String findKubectl() {
        for (String dir : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
            File f = new File(dir, "kubectl");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
