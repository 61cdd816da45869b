package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodStrategyTest {
    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: default, uid: u1}
            spec:
              containers:
              - name: nginx
                image: nginx
                ports: [{containerPort: 80}]
                livenessProbe: {httpGet: {port: 80}}
              - name: side
                image: busybox:1.36
                resources: {limits: {cpu: 500m, memory: 64Mi}}
              volumes:
              - name: cfg
                configMap: {name: cfg}
              - name: scratch
            """;

    @Test
    void defaultsMatchKubernetes() {
        Run.Created c = Run.create("", "Pod", POD);
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/restartPolicy")).isEqualTo("Always");
        assertThat(c.at("/spec/dnsPolicy")).isEqualTo("ClusterFirst");
        assertThat(c.at("/spec/schedulerName")).isEqualTo("default-scheduler");
        assertThat(c.obj().at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
        assertThat(c.obj().at("/spec/securityContext").isObject()).isTrue();
        assertThat(c.obj().at("/spec/enableServiceLinks").asBoolean()).isTrue();
        assertThat(c.at("/spec/containers/0/imagePullPolicy")).isEqualTo("Always");
        assertThat(c.at("/spec/containers/1/imagePullPolicy")).isEqualTo("IfNotPresent");
        assertThat(c.at("/spec/containers/0/terminationMessagePath")).isEqualTo("/dev/termination-log");
        assertThat(c.at("/spec/containers/0/terminationMessagePolicy")).isEqualTo("File");
        assertThat(c.obj().at("/spec/containers/0/resources").isObject()).isTrue();
        assertThat(c.at("/spec/containers/0/ports/0/protocol")).isEqualTo("TCP");
        assertThat(c.obj().at("/spec/containers/0/livenessProbe").toString()).isEqualTo("{\"httpGet\":{\"port\":80,"
                + "\"path\":\"/\",\"scheme\":\"HTTP\"},\"timeoutSeconds\":1,\"periodSeconds\":10,\"successThreshold\":1,"
                + "\"failureThreshold\":3}");
        assertThat(c.obj().at("/spec/containers/1/resources/requests").toString())
                .isEqualTo("{\"cpu\":\"500m\",\"memory\":\"64Mi\"}");
        assertThat(c.obj().at("/spec/volumes/0/configMap/defaultMode").asInt()).isEqualTo(420);
        assertThat(c.obj().at("/spec/volumes/1/emptyDir").isObject()).isTrue();
        assertThat(c.at("/status/phase")).isEqualTo("Pending");
        assertThat(c.at("/status/qosClass")).isEqualTo("Burstable");
    }

    @Test
    void imagePullPolicyFollowsTheTag() {
        assertThat(pullPolicy("nginx:latest")).isEqualTo("Always");
        assertThat(pullPolicy("registry:5000/nginx")).isEqualTo("Always");
        assertThat(pullPolicy("registry:5000/nginx:1.2")).isEqualTo("IfNotPresent");
        assertThat(pullPolicy("nginx@sha256:abcd")).isEqualTo("IfNotPresent");
    }

    private static String pullPolicy(String image) {
        return Run.create("", "Pod", "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: '"
                + image + "'}]}").at("/spec/containers/0/imagePullPolicy");
    }

    @Test
    void qosClasses() {
        assertThat(qos("{}")).isEqualTo("BestEffort");
        assertThat(qos("{limits: {cpu: '1', memory: 1Gi}}")).isEqualTo("Guaranteed");
        assertThat(qos("{requests: {cpu: 500m, memory: 1Gi}, limits: {cpu: '1', memory: 1Gi}}")).isEqualTo("Burstable");
        assertThat(qos("{requests: {cpu: 1000m, memory: 1024Mi}, limits: {cpu: '1', memory: 1Gi}}")).isEqualTo("Guaranteed");
    }

    private static String qos(String resources) {
        return Run.create("", "Pod", "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: i, "
                + "resources: " + resources + "}]}").at("/status/qosClass");
    }

    @Test
    void invalidPodsGetKubernetesErrors() {
        assertThat(Run.lines(Run.create("", "Pod", "metadata: {name: p, namespace: d}\nspec: {}").errors()))
                .containsExactly("spec.containers: Required value");
        Run.Created c = Run.create("", "Pod", """
                metadata: {name: p, namespace: d}
                spec:
                  restartPolicy: Sometimes
                  containers:
                  - name: Web
                    ports: [{containerPort: 70000, protocol: HTTP}]
                    env: [{name: "A=B"}]
                    volumeMounts: [{name: missing, mountPath: /x}]
                    resources: {requests: {cpu: "2"}, limits: {cpu: "1"}}
                  - name: dup
                    image: x
                  - name: dup
                    image: x
                """);
        assertThat(Run.lines(c.errors())).containsExactly(
                "spec.containers[0].name: Invalid value: \"Web\": a lowercase RFC 1123 label must consist of lower "
                        + "case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
                "spec.containers[0].image: Required value",
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive",
                "spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must "
                        + "consist only of printable ASCII characters other than '='",
                "spec.containers[0].volumeMounts[0].name: Not found: \"missing\"",
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or equal to cpu limit of 1",
                "spec.containers[2].name: Duplicate value: \"dup\"",
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"");
    }

    @Test
    void duplicateVolumesAndTwoSources() {
        Run.Created c = Run.create("", "Pod", """
                metadata: {name: p, namespace: d}
                spec:
                  containers: [{name: c, image: i}]
                  volumes:
                  - {name: v, emptyDir: {}, hostPath: {path: /tmp}}
                  - {name: v, emptyDir: {}}
                """);
        assertThat(Run.lines(c.errors())).containsExactly(
                "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type",
                "spec.volumes[1].name: Duplicate value: \"v\"");
    }

    @Test
    void imageMayChangeButNotOtherFields() {
        String old = "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: 'nginx:1'}]}";
        assertThat(Run.update("", "Pod", old,
                "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: 'nginx:2'}]}")).isEmpty();
        List<FieldError> errs = Run.update("", "Pod", old,
                "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: 'nginx:1', "
                        + "ports: [{containerPort: 80}]}]}");
        assertThat(errs).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("spec");
            assertThat(e.type()).isEqualTo("FieldValueForbidden");
            assertThat(e.message()).startsWith("Forbidden: pod updates may not change fields other than "
                    + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
                    + "`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds`"
                    + " (allow it to be set to 1 if it was previously negative)\n");
            assertThat(e.message()).contains("containers");
        });
        assertThat(Run.lines(Run.update("", "Pod", old, "metadata: {name: p, namespace: d}\nspec: {containers: "
                + "[{name: c, image: i}, {name: d, image: i}]}")))
                .containsExactly("spec.containers: Forbidden: pod updates may not add or remove containers");
    }

    @Test
    void tolerationsMayOnlyBeAdded() {
        String old = "metadata: {name: p, namespace: d}\nspec: {containers: [{name: c, image: i}], "
                + "tolerations: [{key: a, operator: Exists}]}";
        assertThat(Run.update("", "Pod", old, "metadata: {name: p, namespace: d}\nspec: {containers: "
                + "[{name: c, image: i}], tolerations: [{key: a, operator: Exists}, {key: b, operator: Exists}]}"))
                .isEmpty();
        assertThat(Run.lines(Run.update("", "Pod", old, "metadata: {name: p, namespace: d}\nspec: {containers: "
                + "[{name: c, image: i}], tolerations: []}"))).first().asString()
                .isEqualTo("spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds");
    }

    @Test
    void schedulingGatesAddAPendingCondition() {
        Run.Created c = Run.create("", "Pod", "metadata: {name: p, namespace: d}\nspec: {containers: "
                + "[{name: c, image: i}], schedulingGates: [{name: wait}]}");
        assertThat(c.at("/status/conditions/0/reason")).isEqualTo("SchedulingGated");
        assertThat(c.at("/status/conditions/0/status")).isEqualTo("False");
    }
}
