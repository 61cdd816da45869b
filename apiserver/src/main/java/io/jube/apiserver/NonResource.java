package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.apiserver.discovery.Discovery;
import io.jube.apiserver.rest.Exchange;
import io.jube.apiserver.rest.RequestInfo;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.function.Supplier;

/** Paths that are not resources: health, version, discovery and OpenAPI. */
final class NonResource {
    static final String GIT_VERSION = "v1.32.0-jube.0";

    private final Catalogue catalogue;
    private final Discovery discovery;
    private final Supplier<String> serverAddress;
    private final OpenApiDocs openapi;

    NonResource(Catalogue catalogue, Discovery discovery, Supplier<String> serverAddress) {
        this.catalogue = catalogue;
        this.discovery = discovery;
        this.serverAddress = serverAddress;
        this.openapi = new OpenApiDocs(catalogue);
    }

    OpenApiDocs openapi() {
        return openapi;
    }

    /** Handles the request if its path is not a resource path; returns false otherwise. */
    boolean handle(Exchange ex, boolean ready) {
        String path = ex.path();
        if (!ex.method().equals("GET") && !ex.method().equals("HEAD") && RequestInfo.parse(path) == null
                && (path.startsWith("/api") || path.startsWith("/openapi") || path.equals("/version")
                || path.endsWith("z"))) {
            throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        switch (path) {
            case "/livez", "/healthz" -> text(ex, 200, "ok");
            case "/readyz" -> text(ex, ready ? 200 : 503, ready ? "ok" : "not ready");
            case "/version" -> ex.reply(200, version());
            case "/api" -> {
                if (wantsAggregated(ex)) {
                    aggregated(ex, discovery.aggregated(true));
                } else {
                    ex.reply(200, discovery.apiVersions(serverAddress.get()));
                }
            }
            case "/apis" -> {
                if (wantsAggregated(ex)) {
                    aggregated(ex, discovery.aggregated(false));
                } else {
                    ex.reply(200, discovery.groupList());
                }
            }
            case "/api/v1" -> ex.reply(200, discovery.resourceList("", "v1"));
            default -> {
                if (path.startsWith("/openapi/")) {
                    return openapi.handle(ex, path);
                }
                String[] p = path.split("/");
                if (p.length == 3 && p[1].equals("apis")) {
                    ObjectNode g = discovery.group(p[2]);
                    if (g == null) {
                        throw notFound();
                    }
                    ex.reply(200, g);
                } else if (p.length == 4 && p[1].equals("apis")) {
                    ObjectNode l = discovery.resourceList(p[2], p[3]);
                    if (l == null) {
                        throw notFound();
                    }
                    ex.reply(200, l);
                } else if (p.length == 3 && p[1].equals("api")) {
                    throw notFound();
                } else {
                    return false;
                }
            }
        }
        return true;
    }

    private static ApiException notFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
    }

    private static boolean wantsAggregated(Exchange ex) {
        String accept = ex.header("Accept");
        return accept != null && accept.replace(" ", "").contains("g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    }

    private static void aggregated(Exchange ex, ObjectNode doc) {
        ex.send(200, Discovery.AGGREGATED_V2, Buffer.buffer(Json.bytes(doc)), List.of());
    }

    private static void text(Exchange ex, int code, String s) {
        ex.send(code, "text/plain; charset=utf-8", Buffer.buffer(s), List.of());
    }

    static ObjectNode version() {
        ObjectNode v = Json.object();
        v.put("major", "1").put("minor", "32").put("gitVersion", GIT_VERSION)
                .put("gitCommit", "0000000000000000000000000000000000000000").put("gitTreeState", "clean")
                .put("buildDate", "2026-11-22T00:00:00Z").put("goVersion", "java" + Runtime.version().feature())
                .put("compiler", "javac").put("platform", "linux/amd64");
        return v;
    }
}
