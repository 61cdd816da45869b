package io.jube.api.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.NameRule;
import io.jube.api.validation.Names;
import io.jube.api.validation.Nodes;
import java.util.ArrayList;
import java.util.List;

/** networking.k8s.io/v1 Ingress. */
final class IngressStrategy extends KindStrategy {
    static final List<String> PATH_TYPES = List.of("Exact", "ImplementationSpecific", "Prefix");

    IngressStrategy() {
        super(true, NameRule.DNS1123_SUBDOMAIN);
    }

    @Override
    protected List<FieldError> validateSpec(ObjectNode obj) {
        List<FieldError> errs = new ArrayList<>();
        ObjectNode spec = Nodes.obj(obj, "spec");
        List<ObjectNode> rules = Nodes.objects(spec, "rules");
        ObjectNode defaultBackend = Nodes.obj(spec, "defaultBackend");
        if (rules.isEmpty() && defaultBackend == null) {
            errs.add(FieldError.invalid("spec", spec == null ? "null" : spec,
                    "either `defaultBackend` or `rules` must be specified"));
        }
        if (defaultBackend != null) {
            validateBackend(defaultBackend, "spec.defaultBackend", errs);
        }
        for (int i = 0; i < rules.size(); i++) {
            String p = "spec.rules[" + i + "]";
            ObjectNode rule = rules.get(i);
            String host = Nodes.strOrEmpty(rule, "host");
            if (!host.isEmpty()) {
                String checked = host.startsWith("*.") ? host.substring(2) : host;
                for (String m : Names.isDns1123Subdomain(checked)) {
                    errs.add(FieldError.invalid(p + ".host", host, m));
                }
            }
            ObjectNode http = Nodes.obj(rule, "http");
            if (http == null) {
                continue;
            }
            List<ObjectNode> paths = Nodes.objects(http, "paths");
            if (paths.isEmpty()) {
                errs.add(FieldError.required(p + ".http.paths"));
            }
            for (int j = 0; j < paths.size(); j++) {
                validatePath(paths.get(j), p + ".http.paths[" + j + "]", errs);
            }
        }
        List<ObjectNode> tls = Nodes.objects(spec, "tls");
        for (int i = 0; i < tls.size(); i++) {
            List<String> hosts = Nodes.strings(tls.get(i), "hosts");
            for (int j = 0; j < hosts.size(); j++) {
                String h = hosts.get(j).startsWith("*.") ? hosts.get(j).substring(2) : hosts.get(j);
                for (String m : Names.isDns1123Subdomain(h)) {
                    errs.add(FieldError.invalid("spec.tls[" + i + "].hosts[" + j + "]", hosts.get(j), m));
                }
            }
        }
        return errs;
    }

    private static void validatePath(ObjectNode path, String p, List<FieldError> errs) {
        String type = Nodes.strOrEmpty(path, "pathType");
        String value = Nodes.strOrEmpty(path, "path");
        if (type.isEmpty()) {
            errs.add(FieldError.required(p + ".pathType", "pathType must be specified"));
        } else if (!PATH_TYPES.contains(type)) {
            errs.add(FieldError.notSupported(p + ".pathType", type, PATH_TYPES));
        } else if ((type.equals("Exact") || type.equals("Prefix")) && !value.startsWith("/")) {
            errs.add(FieldError.invalid(p + ".path", value, "must be an absolute path"));
        } else if (type.equals("Exact") || type.equals("Prefix")) {
            for (String bad : List.of("//", "/./", "/../", "%2f", "%2F")) {
                if (value.contains(bad)) {
                    errs.add(FieldError.invalid(p + ".path", value, "must not contain '" + bad + "'"));
                }
            }
        }
        ObjectNode backend = Nodes.obj(path, "backend");
        if (backend == null) {
            errs.add(FieldError.required(p + ".backend"));
        } else {
            validateBackend(backend, p + ".backend", errs);
        }
    }

    private static void validateBackend(ObjectNode backend, String p, List<FieldError> errs) {
        ObjectNode service = Nodes.obj(backend, "service");
        ObjectNode resource = Nodes.obj(backend, "resource");
        if (service != null && resource != null) {
            errs.add(FieldError.invalid(p, "", "cannot set both resource and service backends"));
            return;
        }
        if (service == null && resource == null) {
            errs.add(FieldError.invalid(p, "", "resource or service backend is required"));
            return;
        }
        if (service != null) {
            String name = Nodes.strOrEmpty(service, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".service.name"));
            } else {
                for (String m : Names.isDns1035Label(name)) {
                    errs.add(FieldError.invalid(p + ".service.name", name, m));
                }
            }
            ObjectNode port = Nodes.obj(service, "port");
            boolean hasName = !Nodes.isEmpty(port, "name");
            boolean hasNumber = Nodes.integer(port, "number") != null && Nodes.integer(port, "number") != 0;
            if (hasName && hasNumber) {
                errs.add(FieldError.invalid(p + ".service.port", port, "cannot set both port name & port number"));
            } else if (hasName) {
                String n = Nodes.strOrEmpty(port, "name");
                for (String m : Names.isValidPortName(n)) {
                    errs.add(FieldError.invalid(p + ".service.port.name", n, m));
                }
            } else if (hasNumber) {
                long n = Nodes.integer(port, "number");
                for (String m : Names.isValidPortNum(n)) {
                    errs.add(FieldError.invalid(p + ".service.port.number", n, m));
                }
            } else {
                errs.add(FieldError.required(p + ".service.port", "port name or number is required"));
            }
        }
    }
}
