package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.validation.T;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Objects of the wrong shape must yield errors, never exceptions. */
class MalformedInputTest {
    private static final List<String[]> KINDS = List.of(new String[] {"", "Pod"}, new String[] {"", "Service"},
            new String[] {"", "ReplicationController"}, new String[] {"", "Namespace"}, new String[] {"", "Node"},
            new String[] {"", "ConfigMap"}, new String[] {"", "Secret"}, new String[] {"", "PersistentVolumeClaim"},
            new String[] {"", "PersistentVolume"}, new String[] {"", "Event"}, new String[] {"", "ServiceAccount"},
            new String[] {"", "PodTemplate"}, new String[] {"apps", "Deployment"}, new String[] {"apps", "ReplicaSet"},
            new String[] {"apps", "StatefulSet"}, new String[] {"apps", "DaemonSet"}, new String[] {"batch", "Job"},
            new String[] {"batch", "CronJob"}, new String[] {"coordination.k8s.io", "Lease"},
            new String[] {"rbac.authorization.k8s.io", "Role"}, new String[] {"rbac.authorization.k8s.io", "ClusterRoleBinding"},
            new String[] {"storage.k8s.io", "StorageClass"}, new String[] {"scheduling.k8s.io", "PriorityClass"},
            new String[] {"networking.k8s.io", "Ingress"}, new String[] {"autoscaling", "HorizontalPodAutoscaler"},
            new String[] {"policy", "PodDisruptionBudget"}, new String[] {"apiextensions.k8s.io", "CustomResourceDefinition"});

    private static final List<String> JUNK = List.of(
            "{}",
            "metadata: 5\nspec: x",
            "metadata: {name: 5, labels: [1], annotations: x, finalizers: {a: b}, ownerReferences: x}\nspec: []",
            "metadata: {name: a, namespace: b}\nspec: {containers: x, volumes: 3, template: 1, selector: [], ports: 7,"
                    + " rules: x, strategy: 1, updateStrategy: [], jobTemplate: 2, names: 1, versions: {}, replicas: x}",
            "metadata: {name: a, namespace: b}\nspec: {containers: [1, null, {name: 3, image: [], ports: [x, {containerPort: a}],"
                    + " env: [x], resources: {limits: {cpu: [1]}, requests: {cpu: zz}}}], volumes: [null, {name: 1}],"
                    + " template: {metadata: 1, spec: {containers: [{}]}}, selector: {matchLabels: 1, matchExpressions: [1]},"
                    + " ports: [x, {port: a, targetPort: []}], tolerations: [1], schedule: 5, rules: [1], metrics: [1],"
                    + " scaleTargetRef: 1, accessModes: 1, resources: {requests: {storage: []}}, capacity: {storage: x}}\n"
                    + "data: {a: 1, b: null}\nstringData: {c: [1]}\nrules: [x, {verbs: 1}]\nroleRef: 1\nsubjects: [1]\n"
                    + "involvedObject: 1\ntype: 7\nvalue: x");

    @Test
    void everyStrategyToleratesJunk() {
        for (String[] k : KINDS) {
            for (String junk : JUNK) {
                Strategy s = Strategies.forKind(k[0], k[1]);
                ObjectNode old = T.yaml(junk);
                ObjectNode obj = T.yaml(junk);
                assertThatCode(() -> {
                    s.applyDefaults(obj);
                    s.prepareForCreate(obj);
                    s.validate(obj);
                    s.applyDefaults(old);
                    s.prepareForUpdate(obj, old);
                    s.validateUpdate(obj, old);
                }).as(k[1] + " with " + junk).doesNotThrowAnyException();
            }
        }
    }
}
