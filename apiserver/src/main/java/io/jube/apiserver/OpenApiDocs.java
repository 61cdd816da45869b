package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.openapi.OpenApiV2;
import io.jube.api.openapi.OpenApiV2Proto;
import io.jube.api.openapi.OpenApiV3;
import io.jube.apiserver.rest.Exchange;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Serves /openapi/v2 (JSON or protobuf) and /openapi/v3, cached until the catalogue changes. */
final class OpenApiDocs {
    static final String PROTO_V2 = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private final Catalogue catalogue;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    OpenApiDocs(Catalogue catalogue) {
        this.catalogue = catalogue;
        catalogue.onChange(cache::clear);
    }

    /** Builds the documents kubectl asks for first, so the first kubectl apply need not wait for them. */
    void warm() {
        cache.computeIfAbsent("v2pb", k -> OpenApiV2Proto.encode(OpenApiV2.document(catalogue)));
        cache.computeIfAbsent("v3", k -> Json.bytes(OpenApiV3.index(catalogue)));
    }

    boolean handle(Exchange ex, String path) {
        if (path.equals("/openapi/v2")) {
            String accept = ex.header("Accept");
            if (accept != null && accept.contains("application/com.github.proto-openapi.spec.v2")) {
                byte[] pb = cache.computeIfAbsent("v2pb", k -> OpenApiV2Proto.encode(OpenApiV2.document(catalogue)));
                ex.send(200, PROTO_V2, Buffer.buffer(pb), List.of());
            } else {
                byte[] json = cache.computeIfAbsent("v2", k -> Json.bytes(OpenApiV2.document(catalogue)));
                ex.send(200, "application/json", Buffer.buffer(json), List.of());
            }
            return true;
        }
        if (path.equals("/openapi/v3")) {
            byte[] json = cache.computeIfAbsent("v3", k -> Json.bytes(OpenApiV3.index(catalogue)));
            ex.send(200, "application/json", Buffer.buffer(json), List.of());
            return true;
        }
        String[] p = path.split("/");
        // /openapi/v3/api/v1 or /openapi/v3/apis/<group>/<version>
        String group = null;
        String version = null;
        if (p.length == 5 && p[3].equals("api")) {
            group = "";
            version = p[4];
        } else if (p.length == 6 && p[3].equals("apis")) {
            group = p[4];
            version = p[5];
        }
        if (group == null || catalogue.inGroupVersion(group, version).isEmpty()) {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource", null);
        }
        String g = group;
        String v = version;
        byte[] json = cache.computeIfAbsent("v3:" + g + "/" + v, k -> {
            ObjectNode doc = OpenApiV3.groupVersion(catalogue, g, v);
            return Json.bytes(doc);
        });
        ex.send(200, "application/json", Buffer.buffer(json), List.of());
        return true;
    }
}
