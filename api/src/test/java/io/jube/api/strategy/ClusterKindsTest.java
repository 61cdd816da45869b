package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClusterKindsTest {
    private static final String RBAC = "rbac.authorization.k8s.io";

    @Test
    void rbacRulesAndRoleRef() {
        assertThat(Run.create(RBAC, "Role", "metadata: {name: 'system:reader', namespace: d}\n"
                + "rules: [{apiGroups: [''], resources: [pods], verbs: [get]}]").errors()).isEmpty();
        assertThat(Run.lines(Run.create(RBAC, "Role", "metadata: {name: a/b, namespace: d}\n"
                + "rules: [{resources: [pods]}, {nonResourceURLs: [/healthz], verbs: [get]}]").errors())).containsExactly(
                "metadata.name: Invalid value: \"a/b\": may not contain '/'",
                "rules[0].verbs: Required value: verbs must contain at least one value",
                "rules[0].apiGroups: Required value: resource rules must supply at least one api group",
                "rules[1].nonResourceURLs: Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs");
        Run.Created rb = Run.create(RBAC, "RoleBinding", "metadata: {name: rb, namespace: d}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}\n"
                + "subjects: [{kind: User, name: jane}, {kind: ServiceAccount, name: default}]");
        assertThat(rb.errors()).isEmpty();
        assertThat(rb.at("/subjects/0/apiGroup")).isEqualTo(RBAC);
        assertThat(Run.lines(Run.create(RBAC, "ClusterRoleBinding", "metadata: {name: crb}\n"
                + "roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role}\n"
                + "subjects: [{kind: ServiceAccount, name: default}]").errors())).containsExactly(
                "roleRef.kind: Unsupported value: \"Role\": supported values: \"ClusterRole\"",
                "roleRef.name: Required value",
                "subjects[0].namespace: Required value");
        String old = "metadata: {name: rb, namespace: d}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: a}";
        assertThat(Run.lines(Run.update(RBAC, "RoleBinding", old, old.replace("name: a}", "name: b}"))))
                .singleElement().asString().startsWith("roleRef: Invalid value: ").endsWith("cannot change roleRef");
    }

    @Test
    void storageClass() {
        Run.Created c = Run.create("storage.k8s.io", "StorageClass", "metadata: {name: fast}\nprovisioner: example.com/fast");
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/reclaimPolicy")).isEqualTo("Delete");
        assertThat(c.at("/volumeBindingMode")).isEqualTo("Immediate");
        assertThat(Run.lines(Run.update("storage.k8s.io", "StorageClass", "metadata: {name: fast}\nprovisioner: a.io/x",
                "metadata: {name: fast}\nprovisioner: a.io/y")))
                .containsExactly("provisioner: Forbidden: updates to provisioner are forbidden.");
    }

    @Test
    void priorityClass() {
        assertThat(Run.lines(Run.create("scheduling.k8s.io", "PriorityClass", "metadata: {name: high}").errors()))
                .containsExactly("value: Required value");
        assertThat(Run.lines(Run.create("scheduling.k8s.io", "PriorityClass",
                "metadata: {name: high}\nvalue: 2000000000").errors()))
                .containsExactly("value: Forbidden: maximum allowed value of a user defined priority is 1000000000");
        assertThat(Run.lines(Run.update("scheduling.k8s.io", "PriorityClass", "metadata: {name: high}\nvalue: 10",
                "metadata: {name: high}\nvalue: 20"))).containsExactly("value: Forbidden: may not be changed in an update.");
        assertThat(Run.create("scheduling.k8s.io", "PriorityClass", "metadata: {name: high}\nvalue: 1")
                .at("/preemptionPolicy")).isEqualTo("PreemptLowerPriority");
    }

    @Test
    void ingressNeedsPathType() {
        assertThat(Run.lines(Run.create("networking.k8s.io", "Ingress", "metadata: {name: i, namespace: d}\n"
                + "spec: {rules: [{host: example.com, http: {paths: [{path: /, backend: {service: {name: web, "
                + "port: {number: 80}}}}, {path: api, pathType: Prefix, backend: {service: {name: web}}}]}}]}")
                .errors())).containsExactly(
                "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified",
                "spec.rules[0].http.paths[1].path: Invalid value: \"api\": must be an absolute path",
                "spec.rules[0].http.paths[1].backend.service.port: Required value: port name or number is required");
    }

    @Test
    void hpaDefaultsAndLimits() {
        Run.Created c = Run.create("autoscaling", "HorizontalPodAutoscaler", "metadata: {name: h, namespace: d}\n"
                + "spec: {scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}, maxReplicas: 5}");
        assertThat(c.errors()).isEmpty();
        assertThat(c.obj().at("/spec/minReplicas").asInt()).isEqualTo(1);
        assertThat(c.obj().at("/spec/metrics").toString()).isEqualTo("[{\"type\":\"Resource\",\"resource\":{\"name\":"
                + "\"cpu\",\"target\":{\"type\":\"Utilization\",\"averageUtilization\":80}}}]");
        assertThat(Run.lines(Run.create("autoscaling", "HorizontalPodAutoscaler", "metadata: {name: h, namespace: d}\n"
                + "spec: {scaleTargetRef: {kind: Deployment, name: web}, minReplicas: 3, maxReplicas: 2}").errors()))
                .containsExactly("spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`");
    }

    @Test
    void podDisruptionBudget() {
        assertThat(Run.lines(Run.create("policy", "PodDisruptionBudget", "metadata: {name: p, namespace: d}\n"
                + "spec: {maxUnavailable: 120%, selector: {matchLabels: {app: web}}}").errors()))
                .containsExactly("spec.maxUnavailable: Invalid value: \"120%\": must not be greater than 100%");
        assertThat(Run.lines(Run.create("policy", "PodDisruptionBudget", "metadata: {name: p, namespace: d}\n"
                + "spec: {minAvailable: 1, maxUnavailable: 1}").errors())).singleElement().asString()
                .endsWith("minAvailable and maxUnavailable cannot be both set");
    }

    private static final String CRD = """
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {plural: widgets, kind: Widget}
              versions:
              - name: v1
                served: true
                storage: true
                schema: {openAPIV3Schema: {type: object}}
            """;

    @Test
    void crdDefaultsAndStatus() {
        Run.Created c = Run.create("apiextensions.k8s.io", "CustomResourceDefinition", CRD);
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/names/singular")).isEqualTo("widget");
        assertThat(c.at("/spec/names/listKind")).isEqualTo("WidgetList");
        assertThat(c.at("/spec/conversion/strategy")).isEqualTo("None");
        assertThat(c.obj().at("/status/storedVersions").toString()).isEqualTo("[\"v1\"]");
    }

    @Test
    void crdErrors() {
        String bad = CRD.replace("widgets.example.com", "things.example.com").replace("scope: Namespaced", "scope: Global")
                .replace("storage: true", "storage: false").replace("schema: {openAPIV3Schema: {type: object}}", "");
        assertThat(Run.lines(Run.create("apiextensions.k8s.io", "CustomResourceDefinition", bad).errors()))
                .containsExactly(
                        "metadata.name: Invalid value: \"things.example.com\": must be spec.names.plural+\".\"+spec.group",
                        "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespaced\"",
                        "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required",
                        "spec.versions: Invalid value: [{\"name\":\"v1\",\"served\":true,\"storage\":false}]: must have "
                                + "exactly one version marked as storage version");
    }

    @Test
    void leaseAndEvents() {
        assertThat(Run.lines(Run.create("coordination.k8s.io", "Lease", "metadata: {name: l, namespace: d}\n"
                + "spec: {leaseDurationSeconds: 0}").errors()))
                .containsExactly("spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0");
        assertThat(Run.create("", "Event", "metadata: {name: e, namespace: d}\ninvolvedObject: {kind: Pod, "
                + "namespace: d, name: p}\nreason: Started").errors()).isEmpty();
        assertThat(Run.lines(Run.create("", "Event", "metadata: {name: e, namespace: d}\ninvolvedObject: {kind: Pod, "
                + "namespace: other, name: p}").errors()))
                .containsExactly("involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
    }

    @Test
    void unknownKindsHaveNoStrategyAndOtherBuiltInsCheckMetadata() {
        assertThat(Strategies.forKind("example.com", "Widget")).isSameAs(Strategy.NONE);
        assertThat(Run.lines(Run.create("networking.k8s.io", "IngressClass", "metadata: {name: Bad_Name}").errors()))
                .singleElement().asString().startsWith("metadata.name: Invalid value: \"Bad_Name\"");
        assertThat(Run.lines(Run.create("discovery.k8s.io", "EndpointSlice", "metadata: {name: s}").errors()))
                .containsExactly("metadata.namespace: Required value");
    }
}
