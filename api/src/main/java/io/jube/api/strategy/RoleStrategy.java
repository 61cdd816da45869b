package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.LabelSelectors;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** rbac.authorization.k8s.io/v1 Role and ClusterRole: policy rules. */
final class RoleStrategy extends KindStrategy {
    RoleStrategy(boolean namespaced) {
        super(namespaced, NameRule.PATH_SEGMENT);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        List<ObjectNode> rules = Nodes.objects(obj, "rules");
        for (int i = 0; i < rules.size(); i++) {
            validateRule(rules.get(i), namespaced(), "rules[" + i + "]", errs);
        }
        ObjectNode aggregation = Nodes.obj(obj, "aggregationRule");
        if (aggregation != null) {
            List<ObjectNode> selectors = Nodes.objects(aggregation, "clusterRoleSelectors");
            for (int i = 0; i < selectors.size(); i++) {
                errs.addAll(LabelSelectors.validate(selectors.get(i), "aggregationRule.clusterRoleSelectors[" + i + "]"));
            }
        }
        return errs;
    }

    static void validateRule(ObjectNode rule, boolean namespaced, String p, List<FieldError> errs) {
        if (Nodes.isEmpty(rule, "verbs")) {
            errs.add(FieldError.required(p + ".verbs", "verbs must contain at least one value"));
        }
        if (!Nodes.isEmpty(rule, "nonResourceURLs")) {
            if (namespaced) {
                errs.add(FieldError.invalid(p + ".nonResourceURLs", rule.get("nonResourceURLs"),
                        "namespaced rules cannot apply to non-resource URLs"));
            }
            if (!Nodes.isEmpty(rule, "apiGroups") || !Nodes.isEmpty(rule, "resources")
                    || !Nodes.isEmpty(rule, "resourceNames")) {
                errs.add(FieldError.invalid(p + ".nonResourceURLs", rule.get("nonResourceURLs"),
                        "rules cannot apply to both regular resources and non-resource URLs"));
            }
            return;
        }
        if (Nodes.isEmpty(rule, "apiGroups")) {
            errs.add(FieldError.required(p + ".apiGroups", "resource rules must supply at least one api group"));
        }
        if (Nodes.isEmpty(rule, "resources")) {
            errs.add(FieldError.required(p + ".resources", "resource rules must supply at least one resource"));
        }
    }
}
