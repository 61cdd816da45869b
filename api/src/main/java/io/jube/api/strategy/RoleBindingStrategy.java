package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** rbac.authorization.k8s.io/v1 RoleBinding and ClusterRoleBinding. */
final class RoleBindingStrategy extends KindStrategy {
    static final String GROUP = "rbac.authorization.k8s.io";

    RoleBindingStrategy(boolean namespaced) {
        super(namespaced, NameRule.PATH_SEGMENT);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (ObjectNode s : Nodes.objects(obj, "subjects")) {
            if (!s.has("apiGroup")) {
                String kind = Nodes.strOrEmpty(s, "kind");
                if (kind.equals("User") || kind.equals("Group")) {
                    s.put("apiGroup", GROUP);
                } else if (kind.equals("ServiceAccount")) {
                    s.put("apiGroup", "");
                }
            }
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode ref = Nodes.obj(obj, "roleRef");
        String group = Nodes.strOrEmpty(ref, "apiGroup");
        if (!group.equals(GROUP)) {
            errs.add(FieldError.notSupported("roleRef.apiGroup", group, List.of(GROUP)));
        }
        String kind = Nodes.strOrEmpty(ref, "kind");
        List<String> kinds = namespaced() ? List.of("Role", "ClusterRole") : List.of("ClusterRole");
        if (!kinds.contains(kind)) {
            errs.add(FieldError.notSupported("roleRef.kind", kind, kinds));
        }
        String name = Nodes.strOrEmpty(ref, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required("roleRef.name"));
        } else {
            for (String m : Names.isPathSegmentName(name, false)) {
                errs.add(FieldError.invalid("roleRef.name", name, m));
            }
        }
        List<ObjectNode> subjects = Nodes.objects(obj, "subjects");
        for (int i = 0; i < subjects.size(); i++) {
            validateSubject(subjects.get(i), namespaced(), "subjects[" + i + "]", errs);
        }
        return errs;
    }

    private static void validateSubject(ObjectNode s, boolean namespaced, String p, List<FieldError> errs) {
        String name = Nodes.strOrEmpty(s, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(p + ".name"));
        }
        String group = Nodes.strOrEmpty(s, "apiGroup");
        switch (Nodes.strOrEmpty(s, "kind")) {
            case "ServiceAccount" -> {
                if (!name.isEmpty()) {
                    for (String m : Names.isDns1123Subdomain(name)) {
                        errs.add(FieldError.invalid(p + ".name", name, m));
                    }
                }
                if (!group.isEmpty()) {
                    errs.add(FieldError.notSupported(p + ".apiGroup", group, List.of("")));
                }
                if (!namespaced && Nodes.isEmpty(s, "namespace")) {
                    errs.add(FieldError.required(p + ".namespace"));
                }
            }
            case "User", "Group" -> {
                if (!group.equals(GROUP)) {
                    errs.add(FieldError.notSupported(p + ".apiGroup", group, List.of(GROUP)));
                }
            }
            default -> errs.add(FieldError.notSupported(p + ".kind", Nodes.strOrEmpty(s, "kind"),
                    List.of("ServiceAccount", "User", "Group")));
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        if (!Nodes.sameValue(obj.get("roleRef"), old.get("roleRef"))) {
            errs.add(FieldError.invalid("roleRef", obj.get("roleRef"), "cannot change roleRef"));
        }
        return errs;
    }
}
