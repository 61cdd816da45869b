package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ServiceAndConfigTest {
    @Test
    void serviceDefaults() {
        Run.Created c = Run.create("", "Service", "metadata: {name: web, namespace: d}\n"
                + "spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}");
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/sessionAffinity")).isEqualTo("None");
        assertThat(c.at("/spec/ports/0/protocol")).isEqualTo("TCP");
        assertThat(c.obj().at("/spec/ports/0/targetPort").asInt()).isEqualTo(80);
        assertThat(c.at("/spec/externalTrafficPolicy")).isEqualTo("Cluster");
        assertThat(c.at("/spec/internalTrafficPolicy")).isEqualTo("Cluster");
        assertThat(c.at("/spec/ipFamilyPolicy")).isEqualTo("SingleStack");
        assertThat(Run.create("", "Service", "metadata: {name: web, namespace: d}\nspec: {ports: [{port: 80}]}")
                .at("/spec/type")).isEqualTo("ClusterIP");
    }

    @Test
    void serviceErrors() {
        assertThat(Run.lines(Run.create("", "Service", "metadata: {name: web, namespace: d}\nspec: {}").errors()))
                .containsExactly("spec.ports: Required value");
        assertThat(Run.create("", "Service", "metadata: {name: web, namespace: d}\nspec: {clusterIP: None}").errors())
                .isEmpty();
        assertThat(Run.lines(Run.create("", "Service", "metadata: {name: 1web, namespace: d}\n"
                + "spec: {type: Magic, ports: [{port: 80}, {port: 0, name: a}, {port: 81, name: a}]}").errors()))
                .containsExactly(
                        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case "
                                + "alphanumeric characters or '-', start with an alphabetic character, and end with an "
                                + "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                                + "'[a-z]([-a-z0-9]*[a-z0-9])?')",
                        "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", "
                                + "\"LoadBalancer\", \"NodePort\"",
                        "spec.ports[0].name: Required value",
                        "spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                        "spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive",
                        "spec.ports[2].name: Duplicate value: \"a\"");
        assertThat(Run.lines(Run.create("", "Service", "metadata: {name: ext, namespace: d}\n"
                + "spec: {type: ExternalName}").errors())).containsExactly("spec.externalName: Required value");
    }

    @Test
    void clusterIpIsKeptAndImmutable() {
        String old = "metadata: {name: web, namespace: d}\nspec: {clusterIP: 10.0.0.5, clusterIPs: [10.0.0.5], "
                + "ports: [{port: 80}]}";
        assertThat(Run.update("", "Service", old, "metadata: {name: web, namespace: d}\nspec: {ports: [{port: 80}]}"))
                .isEmpty();
        assertThat(Run.lines(Run.update("", "Service", old, old.replace("10.0.0.5", "10.0.0.6"))))
                .containsExactly("spec.clusterIPs[0]: Invalid value: [\"10.0.0.6\"]: may not change once set");
    }

    @Test
    void configMapKeysAndImmutability() {
        assertThat(Run.lines(Run.create("", "ConfigMap", "metadata: {name: c, namespace: d}\n"
                + "data: {'a b': x, ok.key: y}\nbinaryData: {ok.key: eQ==}").errors())).containsExactly(
                "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', "
                        + "'_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
                        + "'[-._a-zA-Z0-9]+')",
                "binaryData[ok.key]: Invalid value: \"ok.key\": duplicate of key present in data");
        String old = "metadata: {name: c, namespace: d}\nimmutable: true\ndata: {a: '1'}";
        assertThat(Run.lines(Run.update("", "ConfigMap", old, old.replace("'1'", "'2'"))))
                .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
        assertThat(Run.lines(Run.update("", "ConfigMap", old, old.replace("immutable: true", "immutable: false"))))
                .containsExactly("immutable: Forbidden: field is immutable when `immutable` is set");
        assertThat(Run.update("", "ConfigMap", old, old.replace("{name: c,", "{name: c, labels: {a: b},"))).isEmpty();
    }

    @Test
    void secretDefaultsStringDataAndTypes() {
        Run.Created c = Run.create("", "Secret", "metadata: {name: s, namespace: d}\nstringData: {user: admin}");
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/type")).isEqualTo("Opaque");
        assertThat(c.at("/data/user")).isEqualTo("YWRtaW4=");
        assertThat(c.obj().has("stringData")).isFalse();
        assertThat(Run.lines(Run.create("", "Secret", "metadata: {name: s, namespace: d}\ndata: {k: 'not base64!'}")
                .errors())).containsExactly("data[k]: Invalid value: \"<value omitted>\": illegal base64 data at input byte 3");
        assertThat(Run.lines(Run.create("", "Secret", "metadata: {name: s, namespace: d}\ntype: kubernetes.io/tls\n"
                + "data: {tls.crt: eA==}").errors())).containsExactly("data[tls.key]: Required value");
        assertThat(Run.lines(Run.create("", "Secret", "metadata: {name: s, namespace: d}\n"
                + "type: kubernetes.io/service-account-token").errors()))
                .containsExactly("metadata.annotations[kubernetes.io/service-account.name]: Required value");
        String old = "metadata: {name: s, namespace: d}\nimmutable: true\ndata: {a: eA==}";
        assertThat(Run.lines(Run.update("", "Secret", old, old.replace("eA==", "eQ=="))))
                .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
        assertThat(Run.lines(Run.update("", "Secret", "metadata: {name: s, namespace: d}",
                "metadata: {name: s, namespace: d}\ntype: x.io/other")))
                .containsExactly("type: Invalid value: \"x.io/other\": field is immutable");
    }

    @Test
    void namespaceCreateAndName() {
        Run.Created c = Run.create("", "Namespace", "metadata: {name: team-a, labels: {kubernetes.io/metadata.name: lie}}");
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/metadata/labels/kubernetes.io~1metadata.name")).isEqualTo("team-a");
        assertThat(c.obj().at("/spec/finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        assertThat(c.at("/status/phase")).isEqualTo("Active");
        assertThat(Run.lines(Run.create("", "Namespace", "metadata: {name: team.a}").errors())).singleElement()
                .asString().startsWith("metadata.name: Invalid value: \"team.a\": a lowercase RFC 1123 label");
        assertThat(Run.lines(Run.create("", "Namespace", "metadata: {name: a, namespace: b}").errors()))
                .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
    }

    @Test
    void claimsAndVolumes() {
        Run.Created c = Run.create("", "PersistentVolumeClaim", "metadata: {name: data, namespace: d}\n"
                + "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}");
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/volumeMode")).isEqualTo("Filesystem");
        assertThat(c.at("/status/phase")).isEqualTo("Pending");
        assertThat(Run.lines(Run.create("", "PersistentVolumeClaim", "metadata: {name: data, namespace: d}\nspec: {}")
                .errors())).containsExactly("spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value");
        String old = "metadata: {name: data, namespace: d}\nspec: {accessModes: [ReadWriteOnce], "
                + "resources: {requests: {storage: 1Gi}}}";
        assertThat(Run.lines(Run.update("", "PersistentVolumeClaim", old, old.replace("ReadWriteOnce", "ReadWriteMany"))))
                .singleElement().asString().startsWith("spec: Forbidden: spec is immutable after creation except "
                        + "resources.requests and volumeAttributesClassName for bound claims\n");
        Run.Created pv = Run.create("", "PersistentVolume", "metadata: {name: pv1}\n"
                + "spec: {accessModes: [ReadWriteOnce], capacity: {storage: 5Gi}, hostPath: {path: /data}}");
        assertThat(pv.errors()).isEmpty();
        assertThat(pv.at("/spec/persistentVolumeReclaimPolicy")).isEqualTo("Retain");
        assertThat(pv.at("/spec/volumeMode")).isEqualTo("Filesystem");
        assertThat(Run.lines(Run.create("", "PersistentVolume", "metadata: {name: pv1}\nspec: {accessModes: [ReadWriteOnce]}")
                .errors())).containsExactly("spec.capacity: Required value", "spec: Required value: must specify a volume type");
    }

    @Test
    void boundClaimMayGrow() {
        String old = "metadata: {name: data, namespace: d}\nspec: {accessModes: [ReadWriteOnce], "
                + "resources: {requests: {storage: 1Gi}}}";
        assertThat(Run.updateStored("", "PersistentVolumeClaim", old, pvc -> {
            ((ObjectNode) pvc.at("/status")).put("phase", "Bound");
            ((ObjectNode) pvc.at("/spec/resources/requests")).put("storage", "2Gi");
        })).isEmpty();
        assertThat(Run.lines(Run.updateStored("", "PersistentVolumeClaim", old, pvc -> {
            ((ObjectNode) pvc.at("/status")).put("phase", "Bound");
            ((ObjectNode) pvc.at("/spec/resources/requests")).put("storage", "500Mi");
        }))).containsExactly("spec.resources.requests.storage: Forbidden: field can not be less than previous value");
    }
}
