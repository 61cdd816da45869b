package io.jube.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.apiserver.ApiException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/** One HTTP request with its fully read body and authenticated user, and how to answer it. */
public final class Exchange {
    private final HttpServerRequest request;
    private final Buffer body;
    private final String user;
    private final io.vertx.core.http.ServerWebSocket webSocket;

    public Exchange(HttpServerRequest request, Buffer body, String user) {
        this(request, body, user, null);
    }

    /** A request upgraded to a WebSocket (watches); replies go out as one text frame. */
    public Exchange(HttpServerRequest request, Buffer body, String user, io.vertx.core.http.ServerWebSocket webSocket) {
        this.request = request;
        this.body = body;
        this.user = user;
        this.webSocket = webSocket;
    }

    public io.vertx.core.http.ServerWebSocket webSocket() {
        return webSocket;
    }

    public HttpServerRequest request() {
        return request;
    }

    public String method() {
        return request.method().name();
    }

    public String path() {
        return request.path();
    }

    public MultiMap params() {
        return request.params();
    }

    public String param(String name) {
        String v = request.params().get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    public Buffer body() {
        return body;
    }

    public String user() {
        return user;
    }

    public String header(String name) {
        return request.getHeader(name);
    }

    /** Answers with a written object: its spliced stored JSON when there is one and JSON is wanted. */
    public void reply(int code, io.jube.apiserver.registry.Served served, List<String> warnings) {
        byte[] json = MediaTypes.output(header("Accept")) == MediaTypes.Output.YAML ? null : served.json();
        if (json == null) {
            reply(code, served.object(), warnings);
        } else {
            send(code, MediaTypes.JSON, Buffer.buffer(json), warnings);
        }
    }

    public void reply(int code, JsonNode obj) {
        reply(code, obj, List.of());
    }

    /** Answers with the object as JSON or YAML, per the Accept header. */
    public void reply(int code, JsonNode obj, List<String> warnings) {
        MediaTypes.Output out = MediaTypes.output(header("Accept"));
        byte[] bytes;
        String type;
        if (out == MediaTypes.Output.YAML) {
            try {
                bytes = Json.YAML.writeValueAsBytes(obj);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            type = MediaTypes.YAML;
        } else {
            bytes = Json.bytes(obj);
            type = MediaTypes.JSON;
        }
        send(code, type, Buffer.buffer(bytes), warnings);
    }

    public void send(int code, String contentType, Buffer bytes, List<String> warnings) {
        if (webSocket != null) {
            if (!webSocket.isClosed()) {
                webSocket.writeTextMessage(bytes.toString());
                webSocket.close();
            }
            return;
        }
        HttpServerResponse r = request.response();
        if (r.ended() || r.closed()) {
            return;
        }
        r.setStatusCode(code);
        r.putHeader("Content-Type", contentType);
        r.putHeader("Cache-Control", "no-cache, private");
        for (String w : warnings) {
            r.headers().add("Warning", "299 - \"" + w.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        }
        r.end(bytes);
    }

    /**
     * Answers with the error's Status. On a WebSocket (a watch, upgraded before the request was
     * handled) it goes out as an ERROR watch event, the only error form watch clients read: a bare
     * Status frame has no event type, and fabric8's informers stop for good on one.
     */
    public void fail(ApiException e) {
        if (webSocket != null) {
            reply(e.code(), WatchStream.event("ERROR", e.toStatus()));
        } else {
            reply(e.code(), e.toStatus());
        }
    }
}
