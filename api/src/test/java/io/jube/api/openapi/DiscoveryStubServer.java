package io.jube.api.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Test-only: serves just enough of the Kubernetes API on loopback for kubectl to discover
 * resources and read our OpenAPI documents (legacy discovery, /openapi/v2 in JSON or protobuf,
 * /openapi/v3). Every other request gets a NotFound Status, so kubectl apply sees "not there yet".
 */
final class DiscoveryStubServer implements AutoCloseable {
    private final Catalogue catalogue;
    private final HttpServer server;
    private final byte[] v2Json;
    private final byte[] v2Proto;
    private final boolean offerFieldValidation;

    DiscoveryStubServer(Catalogue catalogue) throws IOException {
        this(catalogue, true);
    }

    /**
     * @param offerFieldValidation false to serve v3 documents without the fieldValidation
     *                             parameter, as a server older than 1.25 would, so kubectl falls
     *                             back to validating against the v2 document itself
     */
    DiscoveryStubServer(Catalogue catalogue, boolean offerFieldValidation) throws IOException {
        this.catalogue = catalogue;
        this.offerFieldValidation = offerFieldValidation;
        ObjectNode v2 = OpenApiV2.document(catalogue);
        v2Json = Json.bytes(v2);
        v2Proto = OpenApiV2Proto.encode(v2);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
            if (path.equals("/version")) {
                json(ex, 200, Json.object().put("major", "1").put("minor", "32").put("gitVersion", "v1.32.0")
                        .put("platform", "linux/amd64"));
            } else if (path.equals("/api")) {
                ObjectNode v = Json.object().put("kind", "APIVersions");
                v.putArray("versions").add("v1");
                v.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                        .put("serverAddress", "127.0.0.1");
                json(ex, 200, v);
            } else if (path.equals("/apis")) {
                json(ex, 200, groups());
            } else if (path.equals("/openapi/v2")) {
                boolean proto = accept.contains("protobuf");
                send(ex, 200, proto ? OpenApiV2Proto.CONTENT_TYPE : "application/json", proto ? v2Proto : v2Json);
            } else if (path.equals("/openapi/v3")) {
                json(ex, 200, OpenApiV3.index(catalogue));
            } else if (path.startsWith("/openapi/v3/")) {
                String gv = path.substring("/openapi/v3/".length());
                String[] parts = gv.split("/");
                ObjectNode doc = parts[0].equals("api") && parts.length == 2
                        ? OpenApiV3.groupVersion(catalogue, "", parts[1])
                        : parts.length == 3 ? OpenApiV3.groupVersion(catalogue, parts[1], parts[2]) : null;
                if (doc == null) {
                    notFound(ex);
                } else {
                    json(ex, 200, offerFieldValidation ? doc : withoutFieldValidation(doc));
                }
            } else if (path.equals("/api/v1")) {
                json(ex, 200, resources("", "v1"));
            } else if (path.startsWith("/apis/") && path.split("/").length == 4) {
                String[] parts = path.split("/");
                if (catalogue.inGroupVersion(parts[2], parts[3]).isEmpty()) {
                    notFound(ex);
                } else {
                    json(ex, 200, resources(parts[2], parts[3]));
                }
            } else {
                notFound(ex);
            }
        }
    }

    private static ObjectNode withoutFieldValidation(ObjectNode doc) {
        doc.get("paths").forEach(item -> item.forEach(op -> {
            if (op.has("parameters")) {
                var it = op.get("parameters").elements();
                while (it.hasNext()) {
                    if (it.next().path("name").asText().equals("fieldValidation")) {
                        it.remove();
                    }
                }
            }
        }));
        return doc;
    }

    private ObjectNode groups() {
        ObjectNode list = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = list.putArray("groups");
        for (Map.Entry<String, List<String>> g : catalogue.groupVersions().entrySet()) {
            if (g.getKey().isEmpty()) {
                continue;
            }
            ObjectNode group = groups.addObject().put("name", g.getKey());
            ArrayNode versions = group.putArray("versions");
            for (String v : g.getValue()) {
                versions.addObject().put("groupVersion", g.getKey() + "/" + v).put("version", v);
            }
            String preferred = g.getValue().get(0);
            group.putObject("preferredVersion").put("groupVersion", g.getKey() + "/" + preferred)
                    .put("version", preferred);
        }
        return list;
    }

    private ObjectNode resources(String group, String version) {
        ObjectNode list = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode rs = list.putArray("resources");
        for (ResourceDef d : catalogue.inGroupVersion(group, version)) {
            ObjectNode r = rs.addObject().put("name", d.plural()).put("singularName", d.singular())
                    .put("namespaced", d.namespaced()).put("kind", d.kind());
            d.verbs().forEach(r.putArray("verbs")::add);
            d.shortNames().forEach(r.putArray("shortNames")::add);
            d.categories().forEach(r.putArray("categories")::add);
            for (String sub : d.subresources()) {
                ObjectNode s = rs.addObject().put("name", d.plural() + "/" + sub).put("singularName", "")
                        .put("namespaced", d.namespaced()).put("kind", sub.equals("scale") ? "Scale" : d.kind());
                s.putArray("verbs").add("get").add("patch").add("update");
            }
        }
        return list;
    }

    private static void notFound(HttpExchange ex) throws IOException {
        ObjectNode status = Json.object().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
                .put("message", "the server could not find the requested resource").put("reason", "NotFound")
                .put("code", 404);
        json(ex, 404, status);
    }

    private static void json(HttpExchange ex, int code, ObjectNode body) throws IOException {
        send(ex, code, "application/json", Json.bytes(body));
    }

    private static void send(HttpExchange ex, int code, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(code, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
