package io.jube.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.strategy.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Kubernetes' PodSpec validation, shared by Pods and every pod template. */
public final class PodSpecValidation {
    static final List<String> VOLUME_TYPES = List.of("emptyDir", "hostPath", "gitRepo",
            "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs", "flocker",
            "persistentVolumeClaim", "rbd", "cinder", "cephfs", "downwardAPI", "fc", "flexVolume", "configMap",
            "azureFile", "vsphereVolume", "quobyte", "azureDisk", "photonPersistentDisk", "portworxVolume",
            "projected", "scaleIO", "storageos", "csi", "ephemeral", "image"); // Kubernetes' checking order
    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> DNS_POLICIES = List.of("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None");
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    static final List<String> MESSAGE_POLICIES = List.of("File", "FallbackToLogsOnError");
    static final List<String> TOLERATION_OPERATORS = List.of("Equal", "Exists");
    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final List<String> HANDLERS = List.of("exec", "httpGet", "tcpSocket", "grpc");
    private static final long MAX_INT32 = Integer.MAX_VALUE;

    private PodSpecValidation() {
    }

    /** The volume source fields set on a volume. */
    public static List<String> volumeSources(ObjectNode volume) {
        List<String> out = new ArrayList<>();
        for (String t : VOLUME_TYPES) {
            if (volume.hasNonNull(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Errors of a PodSpec at {@code path} (e.g. "spec" or "spec.template.spec"); {@code pod}
     * turns on the checks Kubernetes applies only to Pod objects.
     */
    public static List<FieldError> validate(ObjectNode spec, String path, boolean pod) {
        List<FieldError> errs = new ArrayList<>();
        if (spec == null) {
            errs.add(FieldError.required(path));
            return errs;
        }
        Set<String> volumes = validateVolumes(spec, path + ".volumes", errs);
        Set<String> containerNames = new HashSet<>();
        List<ObjectNode> containers = Nodes.objects(spec, "containers");
        if (containers.isEmpty()) {
            errs.add(FieldError.required(path + ".containers"));
        }
        List<ObjectNode> inits = Nodes.objects(spec, "initContainers");
        for (int i = 0; i < inits.size(); i++) {
            String p = path + ".initContainers[" + i + "]";
            validateContainer(inits.get(i), p, volumes, containerNames, pod, errs);
            String rp = Nodes.str(inits.get(i), "restartPolicy");
            if (rp != null && !rp.equals("Always")) {
                errs.add(FieldError.notSupported(p + ".restartPolicy", rp, List.of("Always")));
            }
        }
        for (int i = 0; i < containers.size(); i++) {
            String p = path + ".containers[" + i + "]";
            validateContainer(containers.get(i), p, volumes, containerNames, pod, errs);
            if (containers.get(i).hasNonNull("restartPolicy")) {
                errs.add(FieldError.forbidden(p + ".restartPolicy", "may not be set for non-init containers"));
            }
        }
        String restart = Nodes.strOrEmpty(spec, "restartPolicy");
        if (restart.isEmpty()) {
            errs.add(FieldError.required(path + ".restartPolicy"));
        } else if (!RESTART_POLICIES.contains(restart)) {
            errs.add(FieldError.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        }
        String dns = Nodes.strOrEmpty(spec, "dnsPolicy");
        if (dns.isEmpty()) {
            errs.add(FieldError.required(path + ".dnsPolicy"));
        } else if (!DNS_POLICIES.contains(dns)) {
            errs.add(FieldError.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        } else if (dns.equals("None") && !spec.hasNonNull("dnsConfig")) {
            errs.add(FieldError.required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        Long deadline = Nodes.integer(spec, "activeDeadlineSeconds");
        if (deadline != null && (deadline < 1 || deadline > MAX_INT32)) {
            errs.add(FieldError.invalid(path + ".activeDeadlineSeconds", deadline, Names.inclusiveRangeError(1, MAX_INT32)));
        }
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(spec, "nodeSelector"), path + ".nodeSelector"));
        checkName(spec, "nodeName", path, Names::isDns1123Subdomain, errs);
        checkName(spec, "serviceAccountName", path, Names::isDns1123Subdomain, errs);
        checkName(spec, "hostname", path, Names::isDns1123Label, errs);
        checkName(spec, "subdomain", path, Names::isDns1123Label, errs);
        checkName(spec, "priorityClassName", path, Names::isDns1123Subdomain, errs);
        validateTolerations(Nodes.objects(spec, "tolerations"), path + ".tolerations", errs);
        return errs;
    }

    private static void checkName(ObjectNode spec, String field, String path,
                                  java.util.function.Function<String, List<String>> rule, List<FieldError> errs) {
        String v = Nodes.strOrEmpty(spec, field);
        if (!v.isEmpty()) {
            for (String m : rule.apply(v)) {
                errs.add(FieldError.invalid(path + "." + field, v, m));
            }
        }
    }

    private static Set<String> validateVolumes(ObjectNode spec, String path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        List<ObjectNode> vols = Nodes.objects(spec, "volumes");
        for (int i = 0; i < vols.size(); i++) {
            ObjectNode v = vols.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.strOrEmpty(v, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".name"));
            } else {
                for (String m : Names.isDns1123Label(name)) {
                    errs.add(FieldError.invalid(p + ".name", name, m));
                }
                if (!names.add(name)) {
                    errs.add(FieldError.duplicate(p + ".name", name));
                }
            }
            List<String> sources = volumeSources(v);
            if (sources.isEmpty()) {
                errs.add(FieldError.required(p, "must specify a volume type"));
            }
            for (int s = 1; s < sources.size(); s++) {
                errs.add(FieldError.forbidden(p + "." + sources.get(s), "may not specify more than 1 volume type"));
            }
            validateVolumeSource(v, p, errs);
        }
        return names;
    }

    private static void validateVolumeSource(ObjectNode v, String p, List<FieldError> errs) {
        ObjectNode cm = Nodes.obj(v, "configMap");
        if (cm != null && Nodes.isEmpty(cm, "name")) {
            errs.add(FieldError.required(p + ".configMap.name"));
        }
        ObjectNode secret = Nodes.obj(v, "secret");
        if (secret != null && Nodes.isEmpty(secret, "secretName")) {
            errs.add(FieldError.required(p + ".secret.secretName"));
        }
        ObjectNode pvc = Nodes.obj(v, "persistentVolumeClaim");
        if (pvc != null && Nodes.isEmpty(pvc, "claimName")) {
            errs.add(FieldError.required(p + ".persistentVolumeClaim.claimName"));
        }
        ObjectNode hostPath = Nodes.obj(v, "hostPath");
        if (hostPath != null && Nodes.isEmpty(hostPath, "path")) {
            errs.add(FieldError.required(p + ".hostPath.path"));
        }
        for (String src : List.of("configMap", "secret", "downwardAPI", "projected")) {
            Long mode = Nodes.integer(Nodes.obj(v, src), "defaultMode");
            if (mode != null && (mode < 0 || mode > 0777)) {
                errs.add(FieldError.invalid(p + "." + src + ".defaultMode", mode,
                        "must be a number between 0 and 0777 (octal), both inclusive"));
            }
        }
    }

    private static void validateContainer(ObjectNode c, String p, Set<String> volumes, Set<String> allNames,
                                          boolean pod, List<FieldError> errs) {
        String name = Nodes.strOrEmpty(c, "name");
        if (name.isEmpty()) {
            errs.add(FieldError.required(p + ".name"));
        } else {
            for (String m : Names.isDns1123Label(name)) {
                errs.add(FieldError.invalid(p + ".name", name, m));
            }
            if (!allNames.add(name)) {
                errs.add(FieldError.duplicate(p + ".name", name));
            }
        }
        String image = Nodes.strOrEmpty(c, "image");
        if (image.isEmpty()) {
            errs.add(FieldError.required(p + ".image"));
        } else if (pod && !image.equals(image.strip())) {
            errs.add(FieldError.invalid(p + ".image", image, "must not have leading or trailing whitespace"));
        }
        String pull = Nodes.strOrEmpty(c, "imagePullPolicy");
        if (pull.isEmpty()) {
            errs.add(FieldError.required(p + ".imagePullPolicy"));
        } else if (!PULL_POLICIES.contains(pull)) {
            errs.add(FieldError.notSupported(p + ".imagePullPolicy", pull, PULL_POLICIES));
        }
        String tmp = Nodes.strOrEmpty(c, "terminationMessagePolicy");
        if (tmp.isEmpty()) {
            errs.add(FieldError.required(p + ".terminationMessagePolicy",
                    "must be 'File' or 'FallbackToLogsOnError'"));
        } else if (!MESSAGE_POLICIES.contains(tmp)) {
            errs.add(FieldError.invalid(p + ".terminationMessagePolicy", tmp,
                    "must be 'File' or 'FallbackToLogsOnError'"));
        }
        validatePorts(Nodes.objects(c, "ports"), p + ".ports", errs);
        validateEnv(Nodes.objects(c, "env"), p + ".env", errs);
        validateMounts(Nodes.objects(c, "volumeMounts"), p + ".volumeMounts", volumes, errs);
        validateResources(Nodes.obj(c, "resources"), p + ".resources", errs);
        validateProbe(Nodes.obj(c, "livenessProbe"), p + ".livenessProbe", true, errs);
        validateProbe(Nodes.obj(c, "readinessProbe"), p + ".readinessProbe", false, errs);
        validateProbe(Nodes.obj(c, "startupProbe"), p + ".startupProbe", true, errs);
    }

    static void validatePorts(List<ObjectNode> ports, String path, List<FieldError> errs) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            ObjectNode port = ports.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.strOrEmpty(port, "name");
            if (!name.isEmpty()) {
                for (String m : Names.isValidPortName(name)) {
                    errs.add(FieldError.invalid(p + ".name", name, m));
                }
                if (!names.add(name)) {
                    errs.add(FieldError.duplicate(p + ".name", name));
                }
            }
            Long cp = Nodes.integer(port, "containerPort");
            if (cp == null || cp == 0) {
                errs.add(FieldError.required(p + ".containerPort"));
            } else {
                for (String m : Names.isValidPortNum(cp)) {
                    errs.add(FieldError.invalid(p + ".containerPort", cp, m));
                }
            }
            Long hp = Nodes.integer(port, "hostPort");
            if (hp != null && hp != 0) {
                for (String m : Names.isValidPortNum(hp)) {
                    errs.add(FieldError.invalid(p + ".hostPort", hp, m));
                }
            }
            validateProtocol(port, p + ".protocol", errs);
        }
    }

    /** A port's protocol: required (defaults fill it) and one of SCTP, TCP, UDP. */
    public static void validateProtocol(ObjectNode port, String path, List<FieldError> errs) {
        String proto = Nodes.strOrEmpty(port, "protocol");
        if (proto.isEmpty()) {
            errs.add(FieldError.required(path));
        } else if (!PROTOCOLS.contains(proto)) {
            errs.add(FieldError.notSupported(path, proto, PROTOCOLS));
        }
    }

    private static void validateEnv(List<ObjectNode> env, String path, List<FieldError> errs) {
        for (int i = 0; i < env.size(); i++) {
            ObjectNode e = env.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.strOrEmpty(e, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".name"));
            } else {
                for (String m : Names.isEnvVarName(name)) {
                    errs.add(FieldError.invalid(p + ".name", name, m));
                }
            }
            ObjectNode from = Nodes.obj(e, "valueFrom");
            if (from != null) {
                int sources = 0;
                for (String s : List.of("fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef")) {
                    if (from.hasNonNull(s)) {
                        sources++;
                    }
                }
                if (sources == 0) {
                    errs.add(FieldError.invalid(p + ".valueFrom", "", "must specify one of: `fieldRef`, "
                            + "`resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
                } else if (sources > 1) {
                    errs.add(FieldError.invalid(p + ".valueFrom", "", "may not have more than one field specified at a time"));
                }
                if (!Nodes.isEmpty(e, "value")) {
                    errs.add(FieldError.invalid(p + ".valueFrom", "", "may not be specified when `value` is not empty"));
                }
            }
        }
    }

    private static void validateMounts(List<ObjectNode> mounts, String path, Set<String> volumes, List<FieldError> errs) {
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            ObjectNode m = mounts.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.strOrEmpty(m, "name");
            if (name.isEmpty()) {
                errs.add(FieldError.required(p + ".name"));
            } else if (!volumes.contains(name)) {
                errs.add(FieldError.notFound(p + ".name", name));
            }
            String mountPath = Nodes.strOrEmpty(m, "mountPath");
            if (mountPath.isEmpty()) {
                errs.add(FieldError.required(p + ".mountPath"));
            } else if (!paths.add(mountPath)) {
                errs.add(FieldError.invalid(p + ".mountPath", mountPath, "must be unique"));
            }
            String sub = Nodes.strOrEmpty(m, "subPath");
            if (!sub.isEmpty()) {
                if (sub.startsWith("/")) {
                    errs.add(FieldError.invalid(p + ".subPath", sub, "must be a relative path"));
                }
                if (List.of(sub.split("/")).contains("..")) {
                    errs.add(FieldError.invalid(p + ".subPath", sub, "must not contain '..'"));
                }
            }
        }
    }

    /** Quantities parse, are not negative, and a request is not above its limit. */
    public static void validateResources(ObjectNode res, String path, List<FieldError> errs) {
        if (res == null) {
            return;
        }
        Map<String, BigDecimal> limits = quantities(Nodes.obj(res, "limits"), path + ".limits", errs);
        Map<String, BigDecimal> requests = quantities(Nodes.obj(res, "requests"), path + ".requests", errs);
        ObjectNode reqNode = Nodes.obj(res, "requests");
        ObjectNode limNode = Nodes.obj(res, "limits");
        requests.forEach((name, q) -> {
            BigDecimal limit = limits.get(name);
            if (limit != null && q.compareTo(limit) > 0) {
                errs.add(FieldError.invalid(path + ".requests", Quantity.text(reqNode.get(name)),
                        "must be less than or equal to " + name + " limit of " + Quantity.text(limNode.get(name))));
            }
        });
    }

    private static Map<String, BigDecimal> quantities(ObjectNode list, String path, List<FieldError> errs) {
        Map<String, BigDecimal> out = new java.util.LinkedHashMap<>();
        if (list == null) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = list.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path + "[" + e.getKey() + "]";
            BigDecimal q = Quantity.parse(e.getValue());
            if (q == null) {
                errs.add(FieldError.invalid(p, Quantity.text(e.getValue()), Quantity.FORMAT_ERROR));
            } else if (q.signum() < 0) {
                errs.add(FieldError.invalid(p, Quantity.text(e.getValue()), "must be greater than or equal to 0"));
            } else {
                out.put(e.getKey(), q);
            }
            if (!e.getKey().contains("/")) {
                continue;
            }
            for (String m : Names.isQualifiedName(e.getKey())) {
                errs.add(FieldError.invalid(p, e.getKey(), m));
            }
        }
        return out;
    }

    private static void validateProbe(ObjectNode probe, String p, boolean successMustBeOne, List<FieldError> errs) {
        if (probe == null) {
            return;
        }
        long handlers = HANDLERS.stream().filter(probe::hasNonNull).count();
        if (handlers == 0) {
            errs.add(FieldError.required(p, "must specify a handler type"));
        } else if (handlers > 1) {
            errs.add(FieldError.forbidden(p, "may not specify more than 1 handler type"));
        }
        for (String f : List.of("initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold",
                "failureThreshold", "terminationGracePeriodSeconds")) {
            Long v = Nodes.integer(probe, f);
            if (v != null && v < 0) {
                errs.add(FieldError.invalid(p + "." + f, v, "must be greater than or equal to 0"));
            }
        }
        Long success = Nodes.integer(probe, "successThreshold");
        if (successMustBeOne && success != null && success != 1) {
            errs.add(FieldError.invalid(p + ".successThreshold", success, "must be 1"));
        }
        ObjectNode http = Nodes.obj(probe, "httpGet");
        if (http != null) {
            validatePortNumOrName(http.get("port"), p + ".httpGet.port", errs);
        }
        ObjectNode tcp = Nodes.obj(probe, "tcpSocket");
        if (tcp != null) {
            validatePortNumOrName(tcp.get("port"), p + ".tcpSocket.port", errs);
        }
    }

    /** An IntOrString port: a valid number or a valid port name. */
    public static void validatePortNumOrName(JsonNode port, String path, List<FieldError> errs) {
        if (port != null && port.isIntegralNumber()) {
            for (String m : Names.isValidPortNum(port.asLong())) {
                errs.add(FieldError.invalid(path, port.asLong(), m));
            }
        } else if (port != null && port.isTextual() && !port.asText().isEmpty()) {
            for (String m : Names.isValidPortName(port.asText())) {
                errs.add(FieldError.invalid(path, port.asText(), m));
            }
        } else {
            errs.add(FieldError.required(path));
        }
    }

    static void validateTolerations(List<ObjectNode> tolerations, String path, List<FieldError> errs) {
        for (int i = 0; i < tolerations.size(); i++) {
            ObjectNode t = tolerations.get(i);
            String p = path + "[" + i + "]";
            String key = Nodes.strOrEmpty(t, "key");
            String op = Nodes.strOrEmpty(t, "operator");
            if (!key.isEmpty()) {
                for (String m : Names.isQualifiedName(key)) {
                    errs.add(FieldError.invalid(p + ".key", key, m));
                }
            } else if (!op.equals("Exists")) {
                errs.add(FieldError.invalid(p + ".operator", op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            String effect = Nodes.strOrEmpty(t, "effect");
            if (t.hasNonNull("tolerationSeconds") && !effect.equals("NoExecute")) {
                errs.add(FieldError.invalid(p + ".effect", effect,
                        "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            String value = Nodes.strOrEmpty(t, "value");
            switch (op) {
                case "", "Equal" -> {
                    for (String m : Names.isLabelValue(value)) {
                        errs.add(FieldError.invalid(p + ".operator", value, m));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errs.add(FieldError.invalid(p + ".operator", value,
                                "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errs.add(FieldError.notSupported(p + ".operator", op, TOLERATION_OPERATORS));
            }
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldError.notSupported(p + ".effect", effect, TAINT_EFFECTS));
            }
        }
    }
}
