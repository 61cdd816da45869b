package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** apiextensions.k8s.io/v1 CustomResourceDefinition. */
final class CustomResourceDefinitionStrategy extends KindStrategy {
    static final List<String> SCOPES = List.of("Cluster", "Namespaced");
    static final List<String> CONVERSIONS = List.of("None", "Webhook");

    CustomResourceDefinitionStrategy() {
        super(false, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        ObjectNode names = Json.with(spec, "names");
        String kind = Nodes.strOrEmpty(names, "kind");
        if (!kind.isEmpty()) {
            Nodes.defaultText(names, "singular", kind.toLowerCase(Locale.ROOT));
            Nodes.defaultText(names, "listKind", kind + "List");
        }
        ObjectNode conversion = Json.with(spec, "conversion");
        Nodes.defaultText(conversion, "strategy", "None");
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode status = Json.object();
        status.putObject("acceptedNames").put("kind", "").put("plural", "");
        status.putArray("conditions");
        ArrayNode stored = status.putArray("storedVersions");
        String storage = storageVersion(obj);
        if (storage != null) {
            stored.add(storage);
        }
        obj.set("status", status);
    }

    /** The storage version is remembered among the stored versions (the status is otherwise kept). */
    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        String storage = storageVersion(obj);
        if (storage == null) {
            return;
        }
        ObjectNode status = Json.with(obj, "status");
        if (!Nodes.strings(status, "storedVersions").contains(storage)) {
            ArrayNode stored = status.get("storedVersions") instanceof ArrayNode a ? a : status.putArray("storedVersions");
            stored.add(storage);
        }
    }

    private static String storageVersion(ObjectNode obj) {
        for (ObjectNode v : Nodes.objects(Nodes.obj(obj, "spec"), "versions")) {
            if (Nodes.bool(v, "storage")) {
                return Nodes.str(v, "name");
            }
        }
        return null;
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode names = Nodes.obj(spec, "names");
        String group = Nodes.strOrEmpty(spec, "group");
        String plural = Nodes.strOrEmpty(names, "plural");
        String name = Nodes.strOrEmpty(Nodes.obj(obj, "metadata"), "name");
        if (!name.equals(plural + "." + group)) {
            errs.add(FieldError.invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
        }
        if (group.isEmpty()) {
            errs.add(FieldError.required("spec.group"));
        } else {
            for (String m : Names.isDns1123Subdomain(group)) {
                errs.add(FieldError.invalid("spec.group", group, m));
            }
            if (!group.contains(".")) {
                errs.add(FieldError.invalid("spec.group", group, "should be a domain with at least one dot"));
            }
        }
        Checks.oneOf(spec, "scope", "spec.scope", SCOPES, errs);
        validateNames(names, errs);
        validateVersions(spec, errs);
        ObjectNode conversion = Nodes.obj(spec, "conversion");
        String strategy = Nodes.strOrEmpty(conversion, "strategy");
        if (!CONVERSIONS.contains(strategy)) {
            errs.add(FieldError.notSupported("spec.conversion.strategy", strategy, CONVERSIONS));
        } else if (strategy.equals("Webhook") && !Nodes.has(conversion, "webhook")) {
            errs.add(FieldError.required("spec.conversion.webhook", "required when strategy is set to Webhook"));
        } else if (strategy.equals("None") && Nodes.has(conversion, "webhook")) {
            errs.add(FieldError.forbidden("spec.conversion.webhook", "should not be set when strategy is not set to Webhook"));
        }
        return errs;
    }

    private static void validateNames(ObjectNode names, List<FieldError> errs) {
        String p = "spec.names";
        for (String f : List.of("plural", "singular")) {
            String v = Nodes.strOrEmpty(names, f);
            if (v.isEmpty() && f.equals("plural")) {
                errs.add(FieldError.required(p + "." + f));
            } else if (!v.isEmpty()) {
                for (String m : Names.isDns1035Label(v)) {
                    errs.add(FieldError.invalid(p + "." + f, v, m));
                }
            }
        }
        List<String> shortNames = Nodes.strings(names, "shortNames");
        for (String s : shortNames) {
            for (String m : Names.isDns1035Label(s)) {
                errs.add(FieldError.invalid(p + ".shortNames", s, m));
            }
        }
        String kind = Nodes.strOrEmpty(names, "kind");
        String listKind = Nodes.strOrEmpty(names, "listKind");
        if (kind.isEmpty()) {
            errs.add(FieldError.required(p + ".kind"));
        } else {
            for (String m : Names.isDns1035Label(kind.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid(p + ".kind", kind, m));
            }
        }
        if (listKind.isEmpty()) {
            errs.add(FieldError.required(p + ".listKind"));
        } else {
            for (String m : Names.isDns1035Label(listKind.toLowerCase(Locale.ROOT))) {
                errs.add(FieldError.invalid(p + ".listKind", listKind, m));
            }
            if (listKind.equals(kind)) {
                errs.add(FieldError.invalid(p + ".listKind", listKind, "kind and listKind may not be the same"));
            }
        }
    }

    private static void validateVersions(ObjectNode spec, List<FieldError> errs) {
        List<ObjectNode> versions = Nodes.objects(spec, "versions");
        int storage = 0;
        boolean unique = true;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < versions.size(); i++) {
            ObjectNode v = versions.get(i);
            String p = "spec.versions[" + i + "]";
            String name = Nodes.strOrEmpty(v, "name");
            if (Nodes.bool(v, "storage")) {
                storage++;
            }
            if (!seen.add(name)) {
                unique = false;
            }
            List<String> nameErrs = Names.isDns1035Label(name);
            if (!nameErrs.isEmpty()) {
                errs.add(FieldError.invalid(p + ".name", name, String.join(",", nameErrs)));
            }
            if (Nodes.bool(v, "served") && !Nodes.has(Nodes.obj(v, "schema"), "openAPIV3Schema")) {
                errs.add(FieldError.required(p + ".schema.openAPIV3Schema", "schemas are required"));
            }
        }
        if (versions.isEmpty()) {
            errs.add(FieldError.required("spec.versions", "must have exactly one version marked as storage version"));
            return;
        }
        if (!unique) {
            errs.add(FieldError.invalid("spec.versions", spec.get("versions"), "must contain unique version names"));
        }
        if (storage != 1) {
            errs.add(FieldError.invalid("spec.versions", spec.get("versions"),
                    "must have exactly one version marked as storage version"));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null) {
            return errs;
        }
        Checks.immutable(spec.get("group"), oldSpec.get("group"), "spec.group", errs);
        ObjectNode names = Nodes.obj(spec, "names");
        ObjectNode oldNames = Nodes.obj(oldSpec, "names");
        Checks.immutable(names == null ? null : names.get("plural"), oldNames == null ? null : oldNames.get("plural"),
                "spec.names.plural", errs);
        // A stored version may only be dropped from spec.versions after it left status.storedVersions.
        List<String> stored = Nodes.strings(Nodes.obj(obj, "status"), "storedVersions");
        Set<String> present = new HashSet<>();
        Nodes.objects(spec, "versions").forEach(v -> present.add(Nodes.strOrEmpty(v, "name")));
        for (int i = 0; i < stored.size(); i++) {
            if (!present.contains(stored.get(i))) {
                errs.add(FieldError.invalid("status.storedVersions[" + i + "]", stored.get(i),
                        "must appear in spec.versions"));
            }
        }
        return errs;
    }
}
