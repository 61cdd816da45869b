package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkloadStrategiesTest {
    private static String workload(String kind, String selector, String extraSpec) {
        return "apiVersion: apps/v1\nkind: " + kind + "\nmetadata: {name: web, namespace: default}\nspec:\n"
                + (selector == null ? "" : "  selector: " + selector + "\n") + extraSpec
                + "  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: nginx}]}\n";
    }

    @Test
    void deploymentDefaults() {
        Run.Created c = Run.create("apps", "Deployment", workload("Deployment", "{matchLabels: {app: web}}", ""));
        assertThat(c.errors()).isEmpty();
        assertThat(c.obj().at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(c.obj().at("/spec/strategy").toString())
                .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":\"25%\",\"maxSurge\":\"25%\"}}");
        assertThat(c.obj().at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(c.obj().at("/spec/progressDeadlineSeconds").asInt()).isEqualTo(600);
        assertThat(c.at("/spec/template/spec/restartPolicy")).isEqualTo("Always");
        assertThat(c.at("/spec/template/spec/containers/0/imagePullPolicy")).isEqualTo("Always");
        // Pod-only defaults do not reach templates.
        assertThat(c.obj().at("/spec/template/spec/enableServiceLinks").isMissingNode()).isTrue();
    }

    @Test
    void selectorMustMatchTemplate() {
        assertThat(Run.lines(Run.create("apps", "Deployment",
                workload("Deployment", "{matchLabels: {app: other}}", "")).errors())).containsExactly(
                "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`");
        assertThat(Run.lines(Run.create("apps", "ReplicaSet", workload("ReplicaSet", null, "")).errors()))
                .containsExactly("spec.selector: Required value");
        assertThat(Run.lines(Run.create("apps", "Deployment", workload("Deployment", "{}", "")).errors()))
                .containsExactly("spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    }

    @Test
    void templateRulesApply() {
        String bad = workload("Deployment", "{matchLabels: {app: web}}",
                "  replicas: -1\n  strategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 0, maxSurge: 0}}\n")
                .replace("spec: {containers", "spec: {restartPolicy: Never, containers");
        assertThat(Run.lines(Run.create("apps", "Deployment", bad).errors())).containsExactly(
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
    }

    @Test
    void selectorIsImmutable() {
        String old = workload("Deployment", "{matchLabels: {app: web}}", "");
        String now = workload("Deployment", "{matchLabels: {app: web, x: y}}", "")
                .replace("labels: {app: web}", "labels: {app: web, x: y}");
        assertThat(Run.lines(Run.update("apps", "Deployment", old, now))).containsExactly(
                "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web\",\"x\":\"y\"}}: field is immutable");
        assertThat(Run.update("apps", "Deployment", old, old.replace("image: nginx", "image: nginx:2"))).isEmpty();
    }

    @Test
    void statefulSetDefaultsAndUpdateRule() {
        String sts = workload("StatefulSet", "{matchLabels: {app: web}}", "  serviceName: web\n"
                + "  volumeClaimTemplates: [{metadata: {name: data}, spec: {accessModes: [ReadWriteOnce], "
                + "resources: {requests: {storage: 1Gi}}}}]\n");
        Run.Created c = Run.create("apps", "StatefulSet", sts);
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/podManagementPolicy")).isEqualTo("OrderedReady");
        assertThat(c.obj().at("/spec/updateStrategy").toString())
                .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":0}}");
        assertThat(c.obj().at("/spec/persistentVolumeClaimRetentionPolicy").toString())
                .isEqualTo("{\"whenDeleted\":\"Retain\",\"whenScaled\":\"Retain\"}");
        assertThat(c.at("/spec/volumeClaimTemplates/0/spec/volumeMode")).isEqualTo("Filesystem");
        assertThat(c.at("/spec/volumeClaimTemplates/0/status/phase")).isEqualTo("Pending");
        assertThat(Run.update("apps", "StatefulSet", sts, sts.replace("serviceName: web", "replicas: 3\n  serviceName: web")))
                .isEmpty();
        assertThat(Run.lines(Run.update("apps", "StatefulSet", sts, sts.replace("serviceName: web", "serviceName: other"))))
                .containsExactly("spec: Forbidden: updates to statefulset spec for fields other than 'replicas', "
                        + "'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                        + "'minReadySeconds' are forbidden");
    }

    @Test
    void daemonSetDefaults() {
        Run.Created c = Run.create("apps", "DaemonSet", workload("DaemonSet", "{matchLabels: {app: web}}", ""));
        assertThat(c.errors()).isEmpty();
        assertThat(c.obj().at("/spec/updateStrategy").toString())
                .isEqualTo("{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"maxUnavailable\":1,\"maxSurge\":0}}");
        assertThat(c.obj().at("/spec/revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(c.obj().has("replicas")).isFalse();
    }

    @Test
    void replicationControllerSelectorDefaultsFromTemplate() {
        Run.Created c = Run.create("", "ReplicationController",
                workload("ReplicationController", null, "").replace("apps/v1", "v1"));
        assertThat(c.errors()).isEmpty();
        assertThat(c.obj().at("/spec/selector").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(c.obj().at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(c.obj().at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(Run.lines(Run.create("", "ReplicationController",
                workload("ReplicationController", "{app: other}", "")).errors())).containsExactly(
                "spec.template.metadata.labels: Invalid value: {\"app\":\"web\"}: `selector` does not match template `labels`");
    }
}
