package io.jube.api.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.validation.Checks;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import io.jube.api.validation.ObjectMetaValidation;
import io.jube.api.validation.PodSpecValidation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** core/v1 Service. Cluster IPs and node ports are allocated by the REST layer, not here. */
final class ServiceStrategy extends KindStrategy {
    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    static final List<String> AFFINITY = List.of("ClientIP", "None");
    static final List<String> TRAFFIC = List.of("Cluster", "Local");
    static final List<String> FAMILY_POLICIES = List.of("PreferDualStack", "RequireDualStack", "SingleStack");

    ServiceStrategy() {
        super(true, NameRule.DNS1035_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Json.with(obj, "spec");
        Nodes.defaultText(spec, "type", "ClusterIP");
        Nodes.defaultText(spec, "sessionAffinity", "None");
        String type = Nodes.strOrEmpty(spec, "type");
        if ("ClientIP".equals(Nodes.str(spec, "sessionAffinity"))) {
            Nodes.defaultInt(Json.with(Json.with(spec, "sessionAffinityConfig"), "clientIP"), "timeoutSeconds", 10800);
        }
        for (ObjectNode port : Nodes.objects(spec, "ports")) {
            Nodes.defaultText(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            boolean unset = target == null || target.isNull() || (target.isIntegralNumber() && target.asLong() == 0)
                    || (target.isTextual() && target.asText().isEmpty());
            if (unset && port.hasNonNull("port")) {
                port.set("targetPort", port.get("port").deepCopy());
            }
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            Nodes.defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Nodes.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
        }
        if (!type.equals("ExternalName")) {
            Nodes.defaultText(spec, "internalTrafficPolicy", "Cluster");
            // A headless service without selector may carry addresses of both families.
            boolean headlessNoSelector = "None".equals(Nodes.str(spec, "clusterIP")) && Nodes.isEmpty(spec, "selector");
            Nodes.defaultText(spec, "ipFamilyPolicy", headlessNoSelector ? "RequireDualStack" : "SingleStack");
        }
    }

    /** Fields allocated at create time survive an update that omits them (e.g. kubectl replace). */
    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode spec = Json.with(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (oldSpec == null) {
            return;
        }
        String type = Nodes.strOrEmpty(spec, "type");
        if (type.equals("ExternalName") || "ExternalName".equals(Nodes.str(oldSpec, "type"))) {
            return;
        }
        if (Nodes.isEmpty(spec, "clusterIP") && !Nodes.isEmpty(oldSpec, "clusterIP")) {
            spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            if (Nodes.isEmpty(spec, "clusterIPs") && oldSpec.has("clusterIPs")) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
        }
        if (Nodes.isEmpty(spec, "ipFamilies") && oldSpec.has("ipFamilies")) {
            spec.set("ipFamilies", oldSpec.get("ipFamilies").deepCopy());
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            List<ObjectNode> oldPorts = Nodes.objects(oldSpec, "ports");
            for (ObjectNode p : Nodes.objects(spec, "ports")) {
                if (p.hasNonNull("nodePort")) {
                    continue;
                }
                for (ObjectNode o : oldPorts) {
                    if (Nodes.sameValue(o.get("port"), p.get("port"))
                            && Nodes.sameValue(o.get("protocol"), p.get("protocol")) && o.hasNonNull("nodePort")) {
                        p.set("nodePort", o.get("nodePort").deepCopy());
                    }
                }
            }
        }
        if (Nodes.isEmpty(spec, "healthCheckNodePort") && oldSpec.hasNonNull("healthCheckNodePort")
                && "Local".equals(Nodes.str(spec, "externalTrafficPolicy"))) {
            spec.set("healthCheckNodePort", oldSpec.get("healthCheckNodePort").deepCopy());
        }
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        if (spec == null) {
            errs.add(FieldError.required("spec"));
            return errs;
        }
        String type = Nodes.strOrEmpty(spec, "type");
        Checks.oneOf(spec, "type", "spec.type", TYPES, errs);
        boolean headless = "None".equals(Nodes.str(spec, "clusterIP"));
        List<ObjectNode> ports = Nodes.objects(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errs.add(FieldError.required("spec.ports"));
        }
        if (type.equals("ExternalName")) {
            String ext = Nodes.strOrEmpty(spec, "externalName");
            if (ext.isEmpty()) {
                errs.add(FieldError.required("spec.externalName"));
            } else {
                String clean = ext.endsWith(".") ? ext.substring(0, ext.length() - 1) : ext;
                for (String m : Names.isDns1123Subdomain(clean)) {
                    errs.add(FieldError.invalid("spec.externalName", ext, m));
                }
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> portKeys = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            validatePort(ports.get(i), "spec.ports[" + i + "]", ports.size() > 1, type, names, errs);
            String key = Nodes.strOrEmpty(ports.get(i), "protocol") + "/" + Nodes.integer(ports.get(i), "port");
            if (!portKeys.add(key)) {
                ObjectNode dup = Json.object();
                dup.set("port", ports.get(i).get("port"));
                dup.set("protocol", ports.get(i).get("protocol"));
                errs.add(FieldError.duplicate("spec.ports[" + i + "]", dup));
            }
        }
        Checks.oneOf(spec, "sessionAffinity", "spec.sessionAffinity", AFFINITY, errs);
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(spec, "selector"), "spec.selector"));
        String etp = Nodes.strOrEmpty(spec, "externalTrafficPolicy");
        if (!etp.isEmpty()) {
            if (!type.equals("NodePort") && !type.equals("LoadBalancer")) {
                errs.add(FieldError.invalid("spec.externalTrafficPolicy", etp,
                        "may only be set when `type` is 'NodePort' or 'LoadBalancer'"));
            } else if (!TRAFFIC.contains(etp)) {
                errs.add(FieldError.notSupported("spec.externalTrafficPolicy", etp, TRAFFIC));
            }
        }
        Checks.optionalOneOf(spec, "internalTrafficPolicy", "spec.internalTrafficPolicy", TRAFFIC, errs);
        Checks.optionalOneOf(spec, "ipFamilyPolicy", "spec.ipFamilyPolicy", FAMILY_POLICIES, errs);
        return errs;
    }

    private static void validatePort(ObjectNode port, String p, boolean requireName, String type, Set<String> names,
                                     List<FieldError> errs) {
        String name = Nodes.strOrEmpty(port, "name");
        if (requireName && name.isEmpty()) {
            errs.add(FieldError.required(p + ".name"));
        } else if (!name.isEmpty()) {
            for (String m : Names.isDns1123Label(name)) {
                errs.add(FieldError.invalid(p + ".name", name, m));
            }
            if (!names.add(name)) {
                errs.add(FieldError.duplicate(p + ".name", name));
            }
        }
        Long num = Nodes.integer(port, "port");
        for (String m : Names.isValidPortNum(num == null ? 0 : num)) {
            errs.add(FieldError.invalid(p + ".port", num == null ? 0 : num, m));
        }
        PodSpecValidation.validateProtocol(port, p + ".protocol", errs);
        PodSpecValidation.validatePortNumOrName(port.get("targetPort"), p + ".targetPort", errs);
        Long nodePort = Nodes.integer(port, "nodePort");
        if (nodePort != null && nodePort != 0) {
            if (type.equals("ClusterIP")) {
                errs.add(FieldError.forbidden(p + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
            } else {
                for (String m : Names.isValidPortNum(nodePort)) {
                    errs.add(FieldError.invalid(p + ".nodePort", nodePort, m));
                }
            }
        }
    }

    @Override
    protected List<FieldError> validateSpecUpdate(ObjectNode obj, ObjectNode old) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        ObjectNode oldSpec = Nodes.obj(old, "spec");
        if (spec == null || oldSpec == null || "ExternalName".equals(Nodes.str(spec, "type"))
                || "ExternalName".equals(Nodes.str(oldSpec, "type"))) {
            return errs;
        }
        List<String> now = Nodes.strings(spec, "clusterIPs");
        List<String> was = Nodes.strings(oldSpec, "clusterIPs");
        String ip = Nodes.strOrEmpty(spec, "clusterIP");
        String oldIp = Nodes.strOrEmpty(oldSpec, "clusterIP");
        if (!now.isEmpty() && !was.isEmpty() && !now.get(0).equals(was.get(0))) {
            errs.add(FieldError.invalid("spec.clusterIPs[0]", spec.get("clusterIPs"), "may not change once set"));
        } else if (!oldIp.isEmpty() && !ip.equals(oldIp)) {
            errs.add(FieldError.invalid("spec.clusterIPs[0]", Json.NODES.arrayNode().add(ip), "may not change once set"));
        }
        return errs;
    }
}
