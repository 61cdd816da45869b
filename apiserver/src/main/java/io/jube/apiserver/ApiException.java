package io.jube.apiserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.strategy.FieldError;
import java.util.List;

/**
 * An API error, rendered as a Kubernetes {@code Status} with the matching reason and code.
 * Every failure the REST layer reports goes through here.
 */
public final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final ObjectNode details;

    public ApiException(int code, String reason, String message, ObjectNode details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public ObjectNode details() {
        return details;
    }

    private static ObjectNode details(String group, String kind, String name) {
        ObjectNode d = Json.object();
        if (name != null) {
            d.put("name", name);
        }
        if (group != null && !group.isEmpty()) {
            d.put("group", group);
        }
        if (kind != null) {
            d.put("kind", kind);
        }
        return d;
    }

    private static String qualified(String group, String resource) {
        return group == null || group.isEmpty() ? resource : resource + "." + group;
    }

    public static ApiException notFound(String group, String resource, String name) {
        return new ApiException(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
                details(group, resource, name));
    }

    public static ApiException alreadyExists(String group, String resource, String name) {
        return new ApiException(409, "AlreadyExists",
                qualified(group, resource) + " \"" + name + "\" already exists", details(group, resource, name));
    }

    public static ApiException conflict(String group, String resource, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + qualified(group, resource) + " \"" + name + "\": " + why,
                details(group, resource, name));
    }

    public static ApiException staleVersion(String group, String resource, String name) {
        return conflict(group, resource, name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    /** 422 Invalid with one cause per field error, formatted as Kubernetes does. */
    public static ApiException invalid(String group, String kind, String name, List<FieldError> errors) {
        ObjectNode d = details(group, kind, name);
        ArrayNode causes = d.putArray("causes");
        StringBuilder msg = new StringBuilder(qualified(group, kind)).append(" \"").append(name).append("\" is invalid: ");
        if (errors.size() > 1) {
            msg.append('[');
        }
        for (int i = 0; i < errors.size(); i++) {
            FieldError e = errors.get(i);
            causes.addObject().put("reason", e.type()).put("message", e.message()).put("field", e.field());
            msg.append(i == 0 ? "" : ", ").append(e);
        }
        if (errors.size() > 1) {
            msg.append(']');
        }
        return new ApiException(422, "Invalid", msg.toString(), d);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "Forbidden", message, null);
    }

    public static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException unsupportedMediaType(String contentType) {
        return new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json, application/yaml, application/vnd.kubernetes.protobuf", null);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "RequestEntityTooLarge", message, null);
    }

    public static ApiException gone(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException unauthorized() {
        return new ApiException(401, "Unauthorized", "Unauthorized", null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }

    /** The Status object for this error. */
    public ObjectNode toStatus() {
        ObjectNode s = Json.object();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (details != null) {
            s.set("details", details);
        }
        s.put("code", code);
        return s;
    }

    /** A success Status, as returned by deletes that removed the object at once. */
    public static ObjectNode success(ObjectNode details) {
        ObjectNode s = Json.object();
        s.put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        if (details != null) {
            s.set("details", details);
        }
        return s;
    }
}
