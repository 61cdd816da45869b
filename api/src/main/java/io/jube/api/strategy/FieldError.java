package io.jube.api.strategy;

/**
 * One validation failure, rendered as Kubernetes does in an Invalid Status: the cause's
 * {@code reason} is {@link #type()} (e.g. FieldValueRequired), {@code field} the JSON path
 * ({@code spec.containers[0].name}) and {@code message} e.g. {@code Required value}.
 */
public record FieldError(String type, String field, String message) {
    public static FieldError required(String field) {
        return new FieldError("FieldValueRequired", field, "Required value");
    }

    public static FieldError required(String field, String detail) {
        return new FieldError("FieldValueRequired", field, "Required value: " + detail);
    }

    public static FieldError invalid(String field, Object value, String detail) {
        return new FieldError("FieldValueInvalid", field, "Invalid value: " + render(value) + ": " + detail);
    }

    public static FieldError notSupported(String field, Object value, java.util.Collection<String> allowed) {
        StringBuilder sb = new StringBuilder("Unsupported value: ").append(render(value));
        if (!allowed.isEmpty()) {
            sb.append(": supported values: ");
            int i = 0;
            for (String a : allowed) {
                sb.append(i++ == 0 ? "" : ", ").append('"').append(a).append('"');
            }
        }
        return new FieldError("FieldValueNotSupported", field, sb.toString());
    }

    public static FieldError duplicate(String field, Object value) {
        return new FieldError("FieldValueDuplicate", field, "Duplicate value: " + render(value));
    }

    public static FieldError forbidden(String field, String detail) {
        return new FieldError("FieldValueForbidden", field, "Forbidden: " + detail);
    }

    /** Kubernetes 1.32's wording; the value itself is never echoed. */
    public static FieldError tooLong(String field, int max) {
        return new FieldError("FieldValueTooLong", field,
                "Too long: may not be more than " + max + (max == 1 ? " byte" : " bytes"));
    }

    public static FieldError tooMany(String field, int actual, int max) {
        return new FieldError("FieldValueTooMany", field,
                "Too many: " + actual + ": must have at most " + max + " items");
    }

    public static FieldError notFound(String field, Object value) {
        return new FieldError("FieldValueNotFound", field, "Not found: " + render(value));
    }

    /** Unsupported value where the allowed values are not strings (rendered bare). */
    public static FieldError notSupportedAny(String field, Object value, java.util.Collection<?> allowed) {
        StringBuilder sb = new StringBuilder("Unsupported value: ").append(render(value));
        if (!allowed.isEmpty()) {
            sb.append(": supported values: ");
            int i = 0;
            for (Object a : allowed) {
                sb.append(i++ == 0 ? "" : ", ").append(render(a));
            }
        }
        return new FieldError("FieldValueNotSupported", field, sb.toString());
    }

    /** How Kubernetes prints a value inside a message: strings quoted, numbers bare. */
    public static String render(Object value) {
        if (value instanceof com.fasterxml.jackson.databind.JsonNode n) {
            return n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
        }
        if (value instanceof String s) {
            return "\"" + s + "\"";
        }
        return String.valueOf(value);
    }

    /** {@code field: message}, the line form used in a Status message. */
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
