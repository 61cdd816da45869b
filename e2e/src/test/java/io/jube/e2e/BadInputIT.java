package io.jube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Thousands of bad requests over HTTPS: each must get a 4xx answer with a JSON {@code Status} body,
 * and afterwards the server must still serve and the objects created before must be unchanged.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputIT {
    private static final int REQUESTS = 3000;
    /** Bounds the run on a slow machine; the count actually sent is reported, never asserted on timing. */
    private static final Duration BUDGET = Duration.ofSeconds(120);
    private static final int MAX_CONSECUTIVE_IO_FAILURES = 20;
    private static final String NS = "e2e-bad-input";
    private static final List<String> PATCH_TARGETS = List.of("fix-0", "fix-1", "fix-2", "fix-3", "fix-4");
    private static final List<String> FIXTURES = List.of("fix-0", "fix-1", "fix-2", "fix-3", "fix-4",
            BadRequests.DELETE_PREFIX + 0, BadRequests.DELETE_PREFIX + 1, BadRequests.DELETE_PREFIX + 2,
            BadRequests.DELETE_PREFIX + 3, BadRequests.DELETE_PREFIX + 4);

    private static JubeServer server;
    private static ApiClient api;
    private static final Map<String, byte[]> BEFORE = new LinkedHashMap<>();

    @BeforeAll
    static void startServerWithFixtures() {
        Prerequisites.kubectl();
        server = JubeServer.start("bad-input");
        api = server.client();
        Kubectl kubectl = server.kubectl();
        KubectlSupport.namespace(kubectl, NS);
        for (String name : FIXTURES) {
            kubectl.create("""
                    apiVersion: v1
                    kind: ConfigMap
                    metadata:
                      name: %s
                      labels: {role: fixture}
                    data: {a: b, c: d}
                    """.formatted(name), "-n", NS).ok();
            BEFORE.put(name, fixture(name));
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyBadRequestGetsAClientErrorStatus() {
        long seed = Long.getLong("jube.e2e.seed", 20250601L);
        List<BadRequest> requests = new BadRequests(seed, NS, PATCH_TARGETS).generate(REQUESTS);
        Map<String, Integer> sentByCategory = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        Instant deadline = Instant.now().plus(BUDGET);
        int sent = 0;
        int ioFailures = 0;
        for (BadRequest request : requests) {
            if (Instant.now().isAfter(deadline) || ioFailures >= MAX_CONSECUTIVE_IO_FAILURES) {
                break;
            }
            sent++;
            sentByCategory.merge(request.category(), 1, Integer::sum);
            try {
                ApiClient.Response response = api.send(request.method(), request.path(), request.headers(),
                        request.body());
                ioFailures = 0;
                String problem = statusProblem(response);
                if (problem != null) {
                    failures.add(problem + "\n    request: " + request.describe() + "\n    response: "
                            + abbreviate(response.text()));
                }
            } catch (UncheckedIOException | IllegalArgumentException e) {
                ioFailures++;
                failures.add("no HTTP response: " + e.getMessage() + "\n    request: " + request.describe());
            }
        }
        System.out.printf("BadInputIT: seed %d, sent %d of %d requests, by category %s, %d failures%n", seed, sent,
                requests.size(), sentByCategory, failures.size());
        assertThat(ioFailures).as("consecutive requests without an HTTP response (server down?); log:\n%s",
                server.log().tail(40)).isLessThan(MAX_CONSECUTIVE_IO_FAILURES);
        assertThat(failures).as("requests not answered with a 4xx Status (%d of %d sent; seed %d); by kind %s",
                failures.size(), sent, seed, summary(failures)).isEmpty();
    }

    @Test
    @Order(2)
    void theServerStillServesAndTheFixturesAreUnchanged() {
        assertThat(server.isAlive()).as("server process alive; log:\n%s", server.log().tail(40)).isTrue();
        assertThat(api.get("/readyz").code()).isEqualTo(200);
        assertThat(api.get("/livez").code()).isEqualTo(200);
        Map<String, String> damaged = new TreeMap<>();
        for (String name : FIXTURES) {
            ApiClient.Response now = api.get("/api/v1/namespaces/" + NS + "/configmaps/" + name);
            if (now.code() != 200) {
                damaged.put(name, "GET answers " + now.code());
            } else if (!new String(now.body()).equals(new String(BEFORE.get(name)))) {
                damaged.put(name, "was " + new String(BEFORE.get(name)) + "\n      now " + now.text());
            }
        }
        assertThat(damaged).as("fixtures changed by requests that should all have been refused").isEmpty();
        Kubectl.Result list = server.kubectl().run("get", "cm", "-n", NS, "-l", "role=fixture", "-o", "name").ok();
        assertThat(KubectlSupport.outLines(list)).containsExactlyInAnyOrderElementsOf(
                FIXTURES.stream().map(n -> "configmap/" + n).toList());
        JsonNode all = api.get("/api/v1/namespaces/" + NS + "/configmaps").json();
        assertThat(all.path("items")).extracting(i -> i.at("/metadata/name").asText())
                .as("no bad request created an object").allMatch(n -> FIXTURES.contains(n) || n.equals("kube-root-ca.crt"));
        assertThat(server.log().text()).doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError");
    }

    @Test
    @Order(3)
    void unauthenticatedRequestsGet401() {
        KubectlSupport.configMap(server.kubectl(), NS, "auth-probe", "a=b");
        byte[] before = fixture("auth-probe");
        for (String token : new String[] {null, "not-the-token", ""}) {
            ApiClient stranger = ApiClient.withToken(server.kubeconfig(), token);
            for (String path : List.of("/api/v1/namespaces", "/api/v1/namespaces/" + NS + "/configmaps/auth-probe",
                    "/apis", "/api/v1/nosuch")) {
                ApiClient.Response response = stranger.get(path);
                assertThat(statusProblem(response)).as("GET %s with token %s: %s", path, token, response.text())
                        .isNull();
                assertThat(response.code()).as("GET %s with token %s", path, token).isEqualTo(401);
                assertThat(response.json().path("reason").asText()).isEqualTo("Unauthorized");
            }
            ApiClient.Response write = stranger.send("DELETE", "/api/v1/namespaces/" + NS + "/configmaps/auth-probe",
                    Map.of(), null);
            assertThat(write.code()).isEqualTo(401);
        }
        assertThat(new String(fixture("auth-probe"))).isEqualTo(new String(before));
    }

    /** Why a response is not a proper client-error Status, or null when it is one. */
    static String statusProblem(ApiClient.Response response) {
        if (response.code() < 400 || response.code() > 499) {
            return "HTTP " + response.code() + " (expected 4xx)";
        }
        if (!response.contentType().startsWith("application/json")) {
            return "HTTP " + response.code() + " with Content-Type '" + response.contentType()
                    + "' (expected application/json)";
        }
        JsonNode status = response.json();
        if (status == null || !status.isObject()) {
            return "HTTP " + response.code() + " with a body that is not a JSON object";
        }
        if (!"Status".equals(status.path("kind").asText()) || !"v1".equals(status.path("apiVersion").asText())) {
            return "HTTP " + response.code() + " body is not a v1 Status";
        }
        if (!"Failure".equals(status.path("status").asText())) {
            return "HTTP " + response.code() + " Status.status is not Failure";
        }
        if (status.path("reason").asText().isEmpty()) {
            return "HTTP " + response.code() + " Status without a reason";
        }
        if (status.path("code").asInt() != response.code()) {
            return "HTTP " + response.code() + " but Status.code " + status.path("code");
        }
        if (status.path("message").asText().isEmpty()) {
            return "HTTP " + response.code() + " Status without a message";
        }
        return null;
    }

    private static byte[] fixture(String name) {
        ApiClient.Response response = api.get("/api/v1/namespaces/" + NS + "/configmaps/" + name);
        assertThat(response.code()).as("GET fixture %s: %s", name, response.text()).isEqualTo(200);
        return response.body();
    }

    /** Failure counts keyed by problem and request shape, so a report shows each bug once. */
    private static Map<String, Integer> summary(List<String> failures) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String failure : failures) {
            String[] lines = failure.split("\n");
            String request = lines.length > 1 ? lines[1].strip().replaceAll("bad-input-\\d+", "bad-input-N")
                    .replaceAll("(fix|del)-\\d", "$1-N") : "";
            String shape = request.length() > 140 ? request.substring(0, 140) : request;
            counts.merge(lines[0] + " <- " + shape, 1, Integer::sum);
        }
        return counts;
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\n", "\\n");
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
