package io.jube.api.proto;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jube.api.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server with just enough discovery for kubectl's generator commands: it records
 * every POST body and answers 201 with the body decoded to JSON.
 */
final class FakeDiscoveryServer implements AutoCloseable {
    record Post(String path, String contentType, byte[] body) {
    }

    private static final Map<String, String> DISCOVERY = Map.of(
            "/api", """
                    {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1:443"}]}""",
            "/apis", """
                    {"kind":"APIGroupList","apiVersion":"v1","groups":[
                     {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
                     {"name":"batch","versions":[{"groupVersion":"batch/v1","version":"v1"}],"preferredVersion":{"groupVersion":"batch/v1","version":"v1"}},
                     {"name":"rbac.authorization.k8s.io","versions":[{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"rbac.authorization.k8s.io/v1","version":"v1"}},
                     {"name":"policy","versions":[{"groupVersion":"policy/v1","version":"v1"}],"preferredVersion":{"groupVersion":"policy/v1","version":"v1"}},
                     {"name":"networking.k8s.io","versions":[{"groupVersion":"networking.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"networking.k8s.io/v1","version":"v1"}},
                     {"name":"scheduling.k8s.io","versions":[{"groupVersion":"scheduling.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"scheduling.k8s.io/v1","version":"v1"}}]}""",
            "/api/v1", """
                    {"kind":"APIResourceList","groupVersion":"v1","resources":[
                     {"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","get","list"]},
                     {"name":"secrets","singularName":"secret","namespaced":true,"kind":"Secret","verbs":["create","get","list"]},
                     {"name":"pods","singularName":"pod","namespaced":true,"kind":"Pod","verbs":["create","get","list"]},
                     {"name":"services","singularName":"service","namespaced":true,"kind":"Service","verbs":["create","get","list"]},
                     {"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","get","list"]},
                     {"name":"resourcequotas","singularName":"resourcequota","namespaced":true,"kind":"ResourceQuota","verbs":["create","get","list"]},
                     {"name":"serviceaccounts","singularName":"serviceaccount","namespaced":true,"kind":"ServiceAccount","verbs":["create","get","list"]}]}""",
            "/apis/rbac.authorization.k8s.io/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"rbac.authorization.k8s.io/v1","resources":[
                     {"name":"roles","singularName":"role","namespaced":true,"kind":"Role","verbs":["create","get","list"]},
                     {"name":"rolebindings","singularName":"rolebinding","namespaced":true,"kind":"RoleBinding","verbs":["create","get","list"]},
                     {"name":"clusterroles","singularName":"clusterrole","namespaced":false,"kind":"ClusterRole","verbs":["create","get","list"]}]}""",
            "/apis/policy/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"policy/v1","resources":[
                     {"name":"poddisruptionbudgets","singularName":"poddisruptionbudget","namespaced":true,"kind":"PodDisruptionBudget","verbs":["create","get","list"]}]}""",
            "/apis/networking.k8s.io/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"networking.k8s.io/v1","resources":[
                     {"name":"ingresses","singularName":"ingress","namespaced":true,"kind":"Ingress","verbs":["create","get","list"]}]}""",
            "/apis/scheduling.k8s.io/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"scheduling.k8s.io/v1","resources":[
                     {"name":"priorityclasses","singularName":"priorityclass","namespaced":false,"kind":"PriorityClass","verbs":["create","get","list"]}]}""",
            "/apis/apps/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"apps/v1","resources":[
                     {"name":"deployments","singularName":"deployment","namespaced":true,"kind":"Deployment","verbs":["create","get","list"]}]}""",
            "/apis/batch/v1", """
                    {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"batch/v1","resources":[
                     {"name":"jobs","singularName":"job","namespaced":true,"kind":"Job","verbs":["create","get","list"]},
                     {"name":"cronjobs","singularName":"cronjob","namespaced":true,"kind":"CronJob","verbs":["create","get","list"]}]}""");

    private final HttpServer server;
    final List<Post> posts = new CopyOnWriteArrayList<>();

    FakeDiscoveryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (ex.getRequestMethod().equals("POST")) {
                byte[] body = ex.getRequestBody().readAllBytes();
                posts.add(new Post(path, ex.getRequestHeaders().getFirst("Content-Type"), body));
                byte[] reply;
                int code;
                try {
                    reply = Json.bytes(KubeProtobuf.hasMagic(body) ? KubeProtobuf.decode(body) : Json.parse(body));
                    code = 201;
                } catch (RuntimeException e) {
                    reply = ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":400,\"message\":"
                            + Json.MAPPER.writeValueAsString(String.valueOf(e.getMessage())) + "}").getBytes(StandardCharsets.UTF_8);
                    code = 400;
                }
                send(ex, code, reply);
                return;
            }
            String json = DISCOVERY.get(path);
            if (json == null) {
                send(ex, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404,\"reason\":\"NotFound\"}"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                send(ex, 200, json.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
