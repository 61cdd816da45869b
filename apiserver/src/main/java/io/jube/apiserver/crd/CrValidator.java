package io.jube.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.strategy.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Validates a custom resource against its CRD version's structural {@code openAPIV3Schema}, with
 * Kubernetes' messages ("spec.replicas in body must be of type integer", "Unsupported value").
 */
public final class CrValidator {
    private CrValidator() {
    }

    public static List<FieldError> validate(JsonNode obj, JsonNode schema) {
        List<FieldError> errors = new ArrayList<>();
        if (schema != null && schema.isObject()) {
            walk(obj, schema, "", errors, true);
        }
        return errors;
    }

    private static void walk(JsonNode v, JsonNode s, String path, List<FieldError> errors, boolean root) {
        if (v == null || v.isMissingNode()) {
            return;
        }
        if (v.isNull()) {
            if (!s.path("nullable").asBoolean(false) && s.has("type")) {
                errors.add(FieldError.invalid(path, "null", path + " in body must be of type " + s.get("type").asText()
                        + ": \"null\""));
            }
            return;
        }
        String type = s.path("type").asText("");
        boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
        if (intOrString) {
            if (!v.isTextual() && !v.isIntegralNumber()) {
                errors.add(FieldError.invalid(path, jsonType(v), path + " in body must be of type integer,string: \""
                        + jsonType(v) + "\""));
                return;
            }
        } else if (!type.isEmpty() && !typeMatches(type, v)) {
            // Kubernetes reports the value's JSON type as the invalid value here
            errors.add(FieldError.invalid(path, jsonType(v), path + " in body must be of type " + type + ": \""
                    + jsonType(v) + "\""));
            return;
        }
        JsonNode en = s.get("enum");
        if (en != null && en.isArray()) {
            boolean found = false;
            List<String> allowed = new ArrayList<>();
            for (JsonNode e : en) {
                allowed.add(e.asText());
                found |= e.equals(v) || (e.isNumber() && v.isNumber() && e.asDouble() == v.asDouble());
            }
            if (!found) {
                errors.add(FieldError.notSupported(path, v, allowed));
            }
        }
        if (v.isNumber()) {
            numberChecks(v, s, path, errors);
        }
        if (v.isTextual()) {
            stringChecks(v.asText(), s, path, errors);
        }
        if (v.isArray()) {
            if (s.has("maxItems") && v.size() > s.get("maxItems").asInt()) {
                errors.add(new FieldError("FieldValueTooMany", path, "Too many: " + v.size() + ": must have at most "
                        + s.get("maxItems").asInt() + " items"));
            }
            if (s.has("minItems") && v.size() < s.get("minItems").asInt()) {
                errors.add(FieldError.invalid(path, v.size(), path + " in body should have at least "
                        + s.get("minItems").asInt() + " items"));
            }
            JsonNode items = s.get("items");
            if (items != null && items.isObject()) {
                for (int i = 0; i < v.size(); i++) {
                    walk(v.get(i), items, path + "[" + i + "]", errors, false);
                }
            }
        }
        if (v.isObject()) {
            JsonNode req = s.get("required");
            if (req != null && req.isArray()) {
                for (JsonNode r : req) {
                    if (!v.has(r.asText()) || (root && r.asText().equals("metadata"))) {
                        if (!v.has(r.asText())) {
                            errors.add(FieldError.required(join(path, r.asText())));
                        }
                    }
                }
            }
            JsonNode props = s.get("properties");
            JsonNode addl = s.get("additionalProperties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (root && (e.getKey().equals("metadata") || e.getKey().equals("apiVersion")
                        || e.getKey().equals("kind"))) {
                    continue;
                }
                JsonNode ps = props != null ? props.get(e.getKey()) : null;
                if (ps == null && addl != null && addl.isObject()) {
                    ps = addl;
                }
                if (ps != null && ps.isObject()) {
                    walk(e.getValue(), ps, join(path, e.getKey()), errors, false);
                }
            }
            if (s.has("maxProperties") && v.size() > s.get("maxProperties").asInt()) {
                errors.add(new FieldError("FieldValueTooMany", path, "Too many: " + v.size()
                        + ": must have at most " + s.get("maxProperties").asInt() + " items"));
            }
        }
    }

    private static void numberChecks(JsonNode v, JsonNode s, String path, List<FieldError> errors) {
        double d = v.asDouble();
        if (s.has("maximum")) {
            double max = s.get("maximum").asDouble();
            boolean excl = s.path("exclusiveMaximum").asBoolean(false);
            if (excl ? d >= max : d > max) {
                errors.add(FieldError.invalid(path, v, path + " in body should be less than "
                        + (excl ? "" : "or equal to ") + num(s.get("maximum"))));
            }
        }
        if (s.has("minimum")) {
            double min = s.get("minimum").asDouble();
            boolean excl = s.path("exclusiveMinimum").asBoolean(false);
            if (excl ? d <= min : d < min) {
                errors.add(FieldError.invalid(path, v, path + " in body should be greater than "
                        + (excl ? "" : "or equal to ") + num(s.get("minimum"))));
            }
        }
        if (s.has("multipleOf") && s.get("multipleOf").asDouble() != 0) {
            double m = d / s.get("multipleOf").asDouble();
            if (m != Math.rint(m)) {
                errors.add(FieldError.invalid(path, v, path + " in body should be a multiple of " + num(s.get("multipleOf"))));
            }
        }
    }

    private static void stringChecks(String str, JsonNode s, String path, List<FieldError> errors) {
        if (s.has("maxLength") && str.codePointCount(0, str.length()) > s.get("maxLength").asInt()) {
            errors.add(FieldError.tooLong(path, s.get("maxLength").asInt()));
        }
        if (s.has("minLength") && str.codePointCount(0, str.length()) < s.get("minLength").asInt()) {
            errors.add(FieldError.invalid(path, str, path + " in body should be at least " + s.get("minLength").asInt()
                    + " chars long"));
        }
        if (s.has("pattern")) {
            try {
                if (!Pattern.compile(s.get("pattern").asText()).matcher(str).find()) {
                    errors.add(FieldError.invalid(path, str, path + " in body should match '" + s.get("pattern").asText() + "'"));
                }
            } catch (PatternSyntaxException e) {
                // an invalid pattern is rejected when the CRD is written; ignore here
            }
        }
    }

    private static String num(JsonNode n) {
        return n.isIntegralNumber() || n.asDouble() == Math.rint(n.asDouble()) ? Long.toString(n.asLong()) : n.asText();
    }

    private static boolean typeMatches(String type, JsonNode v) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            default -> true;
        };
    }

    private static String jsonType(JsonNode v) {
        if (v.isTextual()) {
            return "string";
        } else if (v.isIntegralNumber()) {
            return "integer";
        } else if (v.isNumber()) {
            return "number";
        } else if (v.isBoolean()) {
            return "boolean";
        } else if (v.isArray()) {
            return "array";
        }
        return "object";
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
