package io.jube.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.strategy.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kubernetes' ObjectMeta rules: name, namespace, labels, annotations, finalizers, owner references. */
public final class ObjectMetaValidation {
    /** Kubernetes' limit on the summed size of all annotation keys and values. */
    public static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
    public static final String IMMUTABLE = "field is immutable";

    private ObjectMetaValidation() {
    }

    /** Errors of an object's metadata; {@code rule} checks the name (and generateName as a prefix). */
    public static List<FieldError> validate(ObjectNode obj, boolean namespaced, NameRule rule) {
        List<FieldError> errs = new ArrayList<>();
        JsonNode metaNode = obj.get("metadata");
        ObjectNode meta = metaNode instanceof ObjectNode o ? o : null;
        if (meta == null) {
            errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            if (namespaced) {
                errs.add(FieldError.required("metadata.namespace"));
            }
            return errs;
        }
        String generateName = Nodes.strOrEmpty(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String m : rule.check(generateName, true)) {
                errs.add(FieldError.invalid("metadata.generateName", generateName, m));
            }
        }
        String name = Nodes.strOrEmpty(meta, "name");
        if (name.isEmpty()) {
            if (generateName.isEmpty()) {
                errs.add(FieldError.required("metadata.name", "name or generateName is required"));
            }
        } else {
            for (String m : rule.check(name, false)) {
                errs.add(FieldError.invalid("metadata.name", name, m));
            }
        }
        String ns = Nodes.strOrEmpty(meta, "namespace");
        if (namespaced) {
            if (ns.isEmpty()) {
                errs.add(FieldError.required("metadata.namespace"));
            } else {
                for (String m : Names.isDns1123Label(ns)) {
                    errs.add(FieldError.invalid("metadata.namespace", ns, m));
                }
            }
        } else if (!ns.isEmpty()) {
            errs.add(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
        }
        Long generation = Nodes.integer(meta, "generation");
        if (generation != null && generation < 0) {
            errs.add(FieldError.invalid("metadata.generation", generation, "must be greater than or equal to 0"));
        }
        errs.addAll(validateLabels(Nodes.stringMap(meta, "labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(Nodes.stringMap(meta, "annotations"), "metadata.annotations"));
        errs.addAll(validateOwnerReferences(Nodes.objects(meta, "ownerReferences"), "metadata.ownerReferences"));
        for (String f : Nodes.strings(meta, "finalizers")) {
            for (String m : Names.isQualifiedName(f)) {
                errs.add(FieldError.invalid("metadata.finalizers", f, m));
            }
        }
        return errs;
    }

    /** Metadata fields that may not change in an update. */
    public static List<FieldError> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp")) {
            JsonNode now = at(obj, f);
            JsonNode was = at(old, f);
            if (!Nodes.sameValue(now, was)) {
                errs.add(FieldError.invalid("metadata." + f, now == null || now.isNull() ? "" : now, IMMUTABLE));
            }
        }
        return errs;
    }

    private static JsonNode at(ObjectNode obj, String field) {
        ObjectNode meta = Nodes.obj(obj, "metadata");
        return meta == null ? null : meta.get(field);
    }

    /** Label keys are qualified names and values valid label values; errors point at the map. */
    public static List<FieldError> validateLabels(Map<String, String> labels, String path) {
        List<FieldError> errs = new ArrayList<>();
        labels.forEach((k, v) -> {
            for (String m : Names.isQualifiedName(k)) {
                errs.add(FieldError.invalid(path, k, m));
            }
            for (String m : Names.isLabelValue(v)) {
                errs.add(FieldError.invalid(path, v, m));
            }
        });
        return errs;
    }

    public static List<FieldError> validateAnnotations(Map<String, String> annotations, String path) {
        List<FieldError> errs = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            // Kubernetes checks the lower-cased key, so upper case letters are accepted.
            for (String m : Names.isQualifiedName(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                errs.add(FieldError.invalid(path, e.getKey(), m));
            }
            total += utf8Length(e.getKey()) + utf8Length(e.getValue());
        }
        if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
            errs.add(FieldError.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
        }
        return errs;
    }

    static long utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public static List<FieldError> validateOwnerReferences(List<ObjectNode> refs, String path) {
        List<FieldError> errs = new ArrayList<>();
        String firstController = null;
        for (ObjectNode ref : refs) {
            String apiVersion = Nodes.strOrEmpty(ref, "apiVersion");
            String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
            if (version.isEmpty()) {
                errs.add(FieldError.invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            }
            String kind = Nodes.strOrEmpty(ref, "kind");
            if (kind.isEmpty()) {
                errs.add(FieldError.invalid(path + ".kind", kind, "kind must not be empty"));
            }
            String name = Nodes.strOrEmpty(ref, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.invalid(path + ".name", name, "name must not be empty"));
            }
            String uid = Nodes.strOrEmpty(ref, "uid");
            if (uid.isEmpty()) {
                errs.add(FieldError.invalid(path + ".uid", uid, "uid must not be empty"));
            }
            if (apiVersion.equals("v1") && kind.equals("Event")) {
                errs.add(FieldError.invalid(path, ref, "/v1, Kind=Event is disallowed from being an owner"));
            }
            if (Nodes.bool(ref, "controller")) {
                String current = kind + "/" + name;
                if (firstController != null) {
                    errs.add(FieldError.invalid(path, io.jube.api.Json.NODES.arrayNode().addAll(refs),
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + current));
                } else {
                    firstController = current;
                }
            }
        }
        return errs;
    }
}
