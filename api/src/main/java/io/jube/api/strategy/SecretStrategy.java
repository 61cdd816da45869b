package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** core/v1 Secret: stringData folded into data, type defaults and the per-type required keys. */
final class SecretStrategy extends ConfigDataStrategy {
    static final String SA_NAME = "kubernetes.io/service-account.name";

    @Override
    List<String> dataFields() {
        return List.of("data");
    }

    /** Base64 bytes, or null when the text is not valid base64 (standard alphabet, padded). */
    static byte[] decode(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Go's wording for the first bad input byte. */
    static String base64Error(String s) {
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128
                || s.charAt(i) == '+' || s.charAt(i) == '/')) {
            i++;
        }
        if (i == s.length() && s.length() % 4 != 0) {
            i = s.length() - s.length() % 4;
        }
        return "illegal base64 data at input byte " + i;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(obj, "type", "Opaque");
        // stringData is write-only: its entries replace data's, base64-encoded, and it is never stored.
        JsonNode stringData = obj.get("stringData");
        if (stringData instanceof ObjectNode sd) {
            ObjectNode data = Json.with(obj, "data");
            for (Iterator<Map.Entry<String, JsonNode>> it = sd.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String v = e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString();
                data.put(e.getKey(), Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)));
            }
        }
        obj.remove("stringData");
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode dataNode = obj.get("data");
        Map<String, String> data = Nodes.stringMap(obj, "data");
        validateKeys(data, "data", errs);
        long total = 0;
        for (Map.Entry<String, String> e : data.entrySet()) {
            JsonNode v = dataNode.get(e.getKey());
            byte[] decoded = v.isTextual() ? decode(v.asText()) : null;
            if (decoded == null) {
                errs.add(FieldError.invalid("data[" + e.getKey() + "]", "<value omitted>",
                        v.isTextual() ? base64Error(v.asText()) : "must be a base64-encoded string"));
            } else {
                total += decoded.length;
            }
        }
        if (total > MAX_SIZE) {
            errs.add(FieldError.tooLong("data", MAX_SIZE));
        }
        String type = Nodes.strOrEmpty(obj, "type");
        switch (type) {
            case "kubernetes.io/service-account-token" -> {
                String sa = Nodes.strOrEmpty(Nodes.obj(obj, "metadata", "annotations"), SA_NAME);
                if (sa.isEmpty()) {
                    errs.add(FieldError.required("metadata.annotations[" + SA_NAME + "]"));
                }
            }
            case "kubernetes.io/dockercfg" -> requireJsonKey(obj, data, ".dockercfg", errs);
            case "kubernetes.io/dockerconfigjson" -> requireJsonKey(obj, data, ".dockerconfigjson", errs);
            case "kubernetes.io/basic-auth" -> {
                if (!data.containsKey("username") && !data.containsKey("password")) {
                    errs.add(FieldError.required("data[username]"));
                    errs.add(FieldError.required("data[password]"));
                }
            }
            case "kubernetes.io/ssh-auth" -> {
                if (Nodes.isEmpty(dataNode, "ssh-privatekey")) {
                    errs.add(FieldError.required("data[ssh-privatekey]"));
                }
            }
            case "kubernetes.io/tls" -> {
                for (String k : List.of("tls.crt", "tls.key")) {
                    if (!data.containsKey(k)) {
                        errs.add(FieldError.required("data[" + k + "]"));
                    }
                }
            }
            case "Opaque", "" -> {
            }
            default -> {
                for (String m : Names.isQualifiedName(type)) {
                    errs.add(FieldError.invalid("type", type, m));
                }
            }
        }
        return errs;
    }

    /** Docker config types need their key, holding valid JSON. */
    private static void requireJsonKey(ObjectNode obj, Map<String, String> data, String key, List<FieldError> errs) {
        String v = data.get(key);
        if (v == null || v.isEmpty()) {
            errs.add(FieldError.required("data[" + key + "]"));
            return;
        }
        byte[] decoded = decode(v);
        if (decoded == null) {
            return;
        }
        try {
            Json.MAPPER.readTree(decoded);
        } catch (java.io.IOException e) {
            errs.add(FieldError.invalid("data[" + key + "]", "<secret contents redacted>", e.getMessage().lines().findFirst().orElse("invalid JSON")));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>(super.validateSpecUpdate(obj, old));
        String type = Nodes.strOrEmpty(obj, "type");
        String oldType = Nodes.strOrEmpty(old, "type");
        if (!type.equals(oldType)) {
            errs.add(FieldError.invalid("type", type, "field is immutable"));
        }
        return errs;
    }
}
