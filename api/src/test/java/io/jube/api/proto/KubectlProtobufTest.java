package io.jube.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** Decodes the protobuf bodies the real kubectl sends from its generator commands. */
class KubectlProtobufTest {
    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static FakeDiscoveryServer server;
    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(KUBECTL)) {
            if ("1".equals(System.getenv("JUBE_E2E_REQUIRED"))) {
                fail(KUBECTL + " is missing and JUBE_E2E_REQUIRED=1");
            }
            Assumptions.abort(KUBECTL + " not installed; set JUBE_E2E_REQUIRED=1 to fail instead");
        }
        server = new FakeDiscoveryServer();
        Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: fake
                  cluster:
                    server: %s
                contexts:
                - name: fake
                  context:
                    cluster: fake
                    namespace: default
                current-context: fake
                users: []
                """.formatted(server.url()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void configMapFromLiteral() throws Exception {
        ObjectNode cm = post("create", "configmap", "x", "--from-literal=a=b");
        assertThat(cm.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(cm.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(cm.at("/metadata/name").asText()).isEqualTo("x");
        assertThat(cm.at("/data/a").asText()).isEqualTo("b");
        assertThat(cm.at("/metadata/creationTimestamp").isNull()).isTrue();
    }

    @Test
    void secretDataIsBase64() throws Exception {
        ObjectNode s = post("create", "secret", "generic", "s", "--from-literal=k=v");
        assertThat(s.path("kind").asText()).isEqualTo("Secret");
        assertThat(s.at("/data/k").asText()).isEqualTo("dg==");
    }

    @Test
    void deploymentWithReplicasAndPort() throws Exception {
        ObjectNode d = post("create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80");
        assertThat(d.path("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(d.path("kind").asText()).isEqualTo("Deployment");
        assertThat(d.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(d.at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(d.at("/spec/selector/matchLabels/app").asText()).isEqualTo("web");
        assertThat(d.at("/spec/template/metadata/labels/app").asText()).isEqualTo("web");
        JsonNode c = d.at("/spec/template/spec/containers/0");
        assertThat(c.path("name").asText()).isEqualTo("nginx");
        assertThat(c.path("image").asText()).isEqualTo("nginx");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
        assertThat(c.path("resources").isObject()).isTrue();
        assertThat(c.has("imagePullPolicy")).as("empty strings are left out as in Go's JSON").isFalse();
    }

    @Test
    void cronJobWithSchedule() throws Exception {
        ObjectNode c = post("create", "cronjob", "c", "--image=busybox", "--schedule=*/5 * * * *", "--", "date");
        assertThat(c.path("kind").asText()).isEqualTo("CronJob");
        assertThat(c.at("/spec/schedule").asText()).isEqualTo("*/5 * * * *");
        JsonNode container = c.at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo("busybox");
        assertThat(container.path("command").toString()).isEqualTo("[\"date\"]");
        assertThat(c.at("/spec/jobTemplate/spec/template/spec/restartPolicy").asText()).isEqualTo("OnFailure");
    }

    @Test
    void quotaHardQuantities() throws Exception {
        ObjectNode q = post("create", "quota", "q", "--hard=cpu=1500m,memory=1Gi,pods=10");
        assertThat(q.path("kind").asText()).isEqualTo("ResourceQuota");
        assertThat(q.at("/spec/hard/cpu").asText()).isEqualTo("1500m");
        assertThat(q.at("/spec/hard/memory").asText()).isEqualTo("1Gi");
        assertThat(q.at("/spec/hard/pods").asText()).isEqualTo("10");
    }

    @Test
    void roleAndRoleBinding() throws Exception {
        ObjectNode r = post("create", "role", "r", "--verb=get,list", "--resource=pods");
        assertThat(r.path("apiVersion").asText()).isEqualTo("rbac.authorization.k8s.io/v1");
        assertThat(r.at("/rules/0/verbs").toString()).isEqualTo("[\"get\",\"list\"]");
        assertThat(r.at("/rules/0/resources/0").asText()).isEqualTo("pods");
        assertThat(r.at("/rules/0/apiGroups/0").asText()).isEmpty();

        ObjectNode b = post("create", "rolebinding", "rb", "--role=r", "--user=alice");
        assertThat(b.at("/roleRef/kind").asText()).isEqualTo("Role");
        assertThat(b.at("/roleRef/name").asText()).isEqualTo("r");
        assertThat(b.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
        assertThat(b.at("/subjects/0/kind").asText()).isEqualTo("User");
        assertThat(b.at("/subjects/0/name").asText()).isEqualTo("alice");
    }

    @Test
    void podDisruptionBudgetKeepsIntOrString() throws Exception {
        ObjectNode pdb = post("create", "poddisruptionbudget", "pdb", "--selector=app=a", "--min-available=50%");
        assertThat(pdb.path("apiVersion").asText()).isEqualTo("policy/v1");
        assertThat(pdb.at("/spec/minAvailable").asText()).isEqualTo("50%");
        assertThat(pdb.at("/spec/selector/matchLabels/app").asText()).isEqualTo("a");
    }

    @Test
    void ingressRuleValueIsInline() throws Exception {
        ObjectNode ing = post("create", "ingress", "ing", "--rule=foo.com/bar=svc1:8080");
        assertThat(ing.path("apiVersion").asText()).isEqualTo("networking.k8s.io/v1");
        JsonNode rule = ing.at("/spec/rules/0");
        assertThat(rule.path("host").asText()).isEqualTo("foo.com");
        JsonNode path = rule.at("/http/paths/0");
        assertThat(path.path("path").asText()).isEqualTo("/bar");
        assertThat(path.path("pathType").asText()).isEqualTo("Exact");
        assertThat(path.at("/backend/service/name").asText()).isEqualTo("svc1");
        assertThat(path.at("/backend/service/port/number").asInt()).isEqualTo(8080);
    }

    @Test
    void priorityClassValue() throws Exception {
        ObjectNode pc = post("create", "priorityclass", "pc", "--value=1000", "--preemption-policy=Never");
        assertThat(pc.path("apiVersion").asText()).isEqualTo("scheduling.k8s.io/v1");
        assertThat(pc.path("value").asInt()).isEqualTo(1000);
        assertThat(pc.path("preemptionPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void namespaceAndServiceAccount() throws Exception {
        assertThat(post("create", "namespace", "n").at("/metadata/name").asText()).isEqualTo("n");
        ObjectNode sa = post("create", "serviceaccount", "sa");
        assertThat(sa.path("kind").asText()).isEqualTo("ServiceAccount");
        assertThat(sa.at("/metadata/name").asText()).isEqualTo("sa");
    }

    @Test
    void runSendsJsonSoNeedsNoDecoding() throws Exception {
        // kubectl run builds its Pod as unstructured JSON: recorded here so the server side knows
        int before = server.posts.size();
        assertThat(kubectl("run", "p", "--image=busybox", "--env=A=B", "--port=8080", "--", "sleep", "10")).isZero();
        assertThat(server.posts.get(before).contentType()).isEqualTo("application/json");
    }

    @Test
    void jobFromImage() throws Exception {
        ObjectNode j = post("create", "job", "j", "--image=busybox");
        assertThat(j.path("apiVersion").asText()).isEqualTo("batch/v1");
        assertThat(j.path("kind").asText()).isEqualTo("Job");
        assertThat(j.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("busybox");
        assertThat(j.at("/spec/template/spec/restartPolicy").asText()).isEqualTo("Never");
    }

    @Test
    void nodePortServiceWithTargetPort() throws Exception {
        ObjectNode s = post("create", "service", "nodeport", "s", "--tcp=80:8080");
        assertThat(s.path("kind").asText()).isEqualTo("Service");
        assertThat(s.at("/spec/type").asText()).isEqualTo("NodePort");
        assertThat(s.at("/spec/selector/app").asText()).isEqualTo("s");
        JsonNode port = s.at("/spec/ports/0");
        assertThat(port.path("name").asText()).isEqualTo("80-8080");
        assertThat(port.path("port").asInt()).isEqualTo(80);
        assertThat(port.path("targetPort").isInt()).isTrue();
        assertThat(port.path("targetPort").asInt()).isEqualTo(8080);
    }

    /** Runs kubectl, checks it sent protobuf, and returns the decoded body after a round trip. */
    private static ObjectNode post(String... args) throws Exception {
        int before = server.posts.size();
        assertThat(kubectl(args)).isZero();
        assertThat(server.posts).hasSize(before + 1);
        FakeDiscoveryServer.Post post = server.posts.get(before);
        assertThat(post.contentType()).isEqualTo(KubeProtobuf.CONTENT_TYPE);
        ObjectNode decoded = KubeProtobuf.decode(post.body());
        assertThat(KubeProtobuf.decode(KubeProtobuf.encode(decoded))).isEqualTo(decoded);
        return decoded;
    }

    private static int kubectl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", home.resolve("kubeconfig").toString(),
                "--cache-dir", home.resolve("cache").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        boolean done = p.waitFor(60, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
            fail("kubectl " + String.join(" ", args) + " did not finish within 60 s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("kubectl %s: %s", String.join(" ", args), out).isZero();
        return p.exitValue();
    }
}
