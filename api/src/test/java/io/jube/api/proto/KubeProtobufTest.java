package io.jube.api.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KubeProtobufTest {

    private static ObjectNode json(String text) {
        return (ObjectNode) Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Encodes, decodes, and checks the object came back field for field. */
    private static ObjectNode roundTrip(String text) {
        ObjectNode in = json(text);
        byte[] body = KubeProtobuf.encode(in);
        assertThat(KubeProtobuf.hasMagic(body)).isTrue();
        ObjectNode out = KubeProtobuf.decode(body);
        assertThat(out).isEqualTo(in);
        return out;
    }

    @Test
    void encodesTheDocumentedEnvelopeByteForByte() {
        byte[] body = KubeProtobuf.encode(json("""
                {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"a":"b"}}"""));
        String typeMeta = "0a0f" + "0a02" + hex("v1") + "1209" + hex("ConfigMap");
        String raw = "120d" + "0a03" + "0a01" + hex("x") + "1206" + "0a01" + hex("a") + "1201" + hex("b");
        assertThat(HexFormat.of().formatHex(body)).isEqualTo("6b387300" + typeMeta + raw + "1a00" + "2200");
    }

    private static String hex(String s) {
        return HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void configMapRoundTrip() {
        roundTrip("""
                {"kind":"ConfigMap","apiVersion":"v1",
                 "metadata":{"name":"cfg","namespace":"default","labels":{"app":"web","tier":"front"},
                             "annotations":{"note":"x=y"},"resourceVersion":"42","uid":"u-1","generation":3},
                 "immutable":false,
                 "data":{"a":"1","b":"two words","empty":""},
                 "binaryData":{"bin":"AAEC/w=="}}""");
    }

    @Test
    void secretBinaryDataRoundTripsAsBase64() {
        ObjectNode out = roundTrip("""
                {"kind":"Secret","apiVersion":"v1","metadata":{"name":"s"},"type":"Opaque",
                 "data":{"blob":"/wD+AYCBgg==","k":"dg=="},"stringData":{"plain":"text"}}""");
        assertThat(java.util.Base64.getDecoder().decode(out.at("/data/blob").asText()))
                .containsExactly(0xff, 0x00, 0xfe, 0x01, 0x80, 0x81, 0x82);
    }

    @Test
    void deploymentWithFullPodTemplateRoundTrip() {
        ObjectNode out = roundTrip("""
                {"kind":"Deployment","apiVersion":"apps/v1",
                 "metadata":{"name":"web","namespace":"prod","labels":{"app":"web"},"creationTimestamp":null},
                 "spec":{"replicas":0,"revisionHistoryLimit":10,"progressDeadlineSeconds":600,
                   "selector":{"matchLabels":{"app":"web"},
                               "matchExpressions":[{"key":"tier","operator":"In","values":["a","b"]}]},
                   "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":0,"maxSurge":"25%"}},
                   "template":{
                     "metadata":{"labels":{"app":"web"},"creationTimestamp":null},
                     "spec":{
                       "terminationGracePeriodSeconds":0,"automountServiceAccountToken":false,
                       "securityContext":{"runAsUser":0,"runAsNonRoot":false,"fsGroup":2000,"supplementalGroups":[1,2,3]},
                       "volumes":[{"name":"conf","configMap":{"name":"cfg","defaultMode":420,
                                    "items":[{"key":"a","path":"a.txt","mode":256}]}},
                                  {"name":"scratch","emptyDir":{"sizeLimit":"1Gi"}}],
                       "containers":[{
                         "name":"nginx","image":"nginx:1.27","command":["nginx"],"args":["-g","daemon off;"],
                         "ports":[{"name":"http","containerPort":80,"protocol":"TCP"},{"containerPort":9090,"hostPort":9090}],
                         "env":[{"name":"A","value":"B"},
                                {"name":"POD","valueFrom":{"fieldRef":{"apiVersion":"v1","fieldPath":"metadata.name"}}},
                                {"name":"PW","valueFrom":{"secretKeyRef":{"name":"s","key":"k","optional":true}}}],
                         "envFrom":[{"configMapRef":{"name":"cfg"},"prefix":"CFG_"}],
                         "resources":{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}},
                         "volumeMounts":[{"name":"conf","mountPath":"/etc/nginx/conf.d","readOnly":true}],
                         "livenessProbe":{"httpGet":{"path":"/healthz","port":"http","scheme":"HTTP",
                                          "httpHeaders":[{"name":"X","value":"1"}]},
                                          "initialDelaySeconds":5,"periodSeconds":10,"failureThreshold":3},
                         "readinessProbe":{"tcpSocket":{"port":80},"timeoutSeconds":1},
                         "startupProbe":{"exec":{"command":["cat","/tmp/ready"]}},
                         "lifecycle":{"preStop":{"sleep":{"seconds":5}}},
                         "securityContext":{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]}},
                         "imagePullPolicy":"IfNotPresent"}],
                       "tolerations":[{"key":"k","operator":"Exists","effect":"NoExecute","tolerationSeconds":0}],
                       "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[
                          {"matchExpressions":[{"key":"zone","operator":"In","values":["z1"]}]}]}}}}}},
                 "status":{}}""");
        assertThat(out.at("/spec/replicas").isInt()).as("a pointer's zero is kept").isTrue();
        assertThat(out.at("/spec/template/spec/volumes/0/configMap/name").asText())
                .as("inline VolumeSource and LocalObjectReference").isEqualTo("cfg");
    }

    @Test
    void serviceTargetPortsIntOrString() {
        ObjectNode out = roundTrip("""
                {"kind":"Service","apiVersion":"v1","metadata":{"name":"svc"},
                 "spec":{"type":"ClusterIP","clusterIP":"None","selector":{"app":"web"},
                   "ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":"http"},
                            {"name":"metrics","port":9100,"targetPort":9101,"appProtocol":"http"}],
                   "sessionAffinity":"None","ipFamilies":["IPv4"],"ipFamilyPolicy":"SingleStack"},
                 "status":{"loadBalancer":{}}}""");
        assertThat(out.at("/spec/ports/0/targetPort").isTextual()).isTrue();
        assertThat(out.at("/spec/ports/1/targetPort").isInt()).isTrue();
    }

    @Test
    void jobAndCronJobRoundTrip() {
        roundTrip("""
                {"kind":"Job","apiVersion":"batch/v1","metadata":{"name":"pi"},
                 "spec":{"backoffLimit":0,"completions":3,"parallelism":2,"ttlSecondsAfterFinished":100,"suspend":false,
                   "completionMode":"Indexed",
                   "template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}},
                 "status":{"active":1,"ready":0,"startTime":"2024-05-06T07:08:09Z",
                   "conditions":[{"type":"Complete","status":"True","lastProbeTime":"2024-05-06T07:09:00Z",
                                  "lastTransitionTime":"2024-05-06T07:09:00Z"}]}}""");
        roundTrip("""
                {"kind":"CronJob","apiVersion":"batch/v1","metadata":{"name":"hello"},
                 "spec":{"schedule":"*/1 * * * *","timeZone":"Etc/UTC","concurrencyPolicy":"Forbid","suspend":false,
                   "successfulJobsHistoryLimit":3,"failedJobsHistoryLimit":1,"startingDeadlineSeconds":20,
                   "jobTemplate":{"metadata":{"labels":{"a":"b"}},
                     "spec":{"template":{"spec":{"restartPolicy":"OnFailure",
                       "containers":[{"name":"hello","image":"busybox","args":["date"]}]}}}}},
                 "status":{"lastScheduleTime":"2024-01-02T03:04:00Z"}}""");
    }

    @Test
    void podWithTimestampsOwnersAndManagedFields() {
        ObjectNode out = roundTrip("""
                {"kind":"Pod","apiVersion":"v1",
                 "metadata":{"name":"p","namespace":"default","creationTimestamp":"2024-01-02T03:04:05Z",
                   "deletionTimestamp":"2024-01-02T03:05:00Z","deletionGracePeriodSeconds":30,
                   "finalizers":["example.com/f"],
                   "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u",
                                       "controller":true,"blockOwnerDeletion":true}],
                   "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1",
                                     "time":"2024-01-02T03:04:05Z","fieldsType":"FieldsV1",
                                     "fieldsV1":{"f:metadata":{"f:labels":{".":{},"f:run":{}}}}}]},
                 "spec":{"containers":[{"name":"c","image":"busybox"}],"nodeName":"n1","priority":0},
                 "status":{"phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
                   "startTime":"2024-01-02T03:04:06Z",
                   "containerStatuses":[{"name":"c","ready":true,"restartCount":2,"image":"busybox","imageID":"sha",
                     "started":true,
                     "state":{"running":{"startedAt":"2024-01-02T03:04:07Z"}},
                     "lastState":{"terminated":{"exitCode":137,"reason":"OOMKilled",
                                  "startedAt":"2024-01-02T03:00:00Z","finishedAt":"2024-01-02T03:01:00Z"}}}]}}""");
        assertThat(out.at("/metadata/creationTimestamp").asText()).isEqualTo("2024-01-02T03:04:05Z");
    }

    @Test
    void timeWithOffsetIsWrittenInUtcAndMicroTimeKeepsMicroseconds() {
        ObjectNode pod = json("""
                {"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","creationTimestamp":"2024-01-02T05:04:05+02:00"}}""");
        assertThat(KubeProtobuf.decode(KubeProtobuf.encode(pod)).at("/metadata/creationTimestamp").asText())
                .isEqualTo("2024-01-02T03:04:05Z");
        roundTrip("""
                {"kind":"Lease","apiVersion":"coordination.k8s.io/v1","metadata":{"name":"node-1","namespace":"kube-node-lease"},
                 "spec":{"holderIdentity":"node-1","leaseDurationSeconds":40,
                         "acquireTime":"2024-01-02T03:04:05.000000Z","renewTime":"2024-01-02T03:04:45.123456Z"}}""");
    }

    @Test
    void eventsEndpointSlicesHpaV2AndLists() {
        roundTrip("""
                {"kind":"Event","apiVersion":"events.k8s.io/v1","metadata":{"name":"e"},
                 "eventTime":"2024-01-02T03:04:05.500000Z","reportingController":"c","reportingInstance":"i",
                 "action":"Pull","reason":"Pulled","type":"Normal","note":"done",
                 "regarding":{"kind":"Pod","name":"p","namespace":"default"},"series":{"count":2,"lastObservedTime":"2024-01-02T03:04:06.000001Z"}}""");
        roundTrip("""
                {"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"name":"s-1"},"addressType":"IPv4",
                 "endpoints":[{"addresses":["10.0.0.1"],"conditions":{"ready":false,"serving":true},"nodeName":"n"}],
                 "ports":[{"name":"","port":80,"protocol":"TCP"}]}""");
        roundTrip("""
                {"kind":"HorizontalPodAutoscaler","apiVersion":"autoscaling/v2","metadata":{"name":"h"},
                 "spec":{"scaleTargetRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"},"minReplicas":1,"maxReplicas":5,
                   "metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":80}}}],
                   "behavior":{"scaleDown":{"stabilizationWindowSeconds":0,"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}},
                 "status":{"desiredReplicas":2,"currentReplicas":1}}""");
        roundTrip("""
                {"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"7","continue":"abc"},
                 "items":[{"metadata":{"name":"a"},"data":{"k":"v"}},{"metadata":{"name":"b"}}]}""");
        roundTrip("""
                {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"pods \\"x\\" not found",
                 "reason":"NotFound","details":{"name":"x","kind":"pods","causes":[{"reason":"FieldValueInvalid","field":"spec"}]},"code":404}""");
    }

    @Test
    void zeroValuesOfNonPointerFieldsAreLeftOutAsGoJsonDoes() {
        ObjectNode out = KubeProtobuf.decode(KubeProtobuf.encode(json("""
                {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","namespace":"","generation":0},"immutable":false}""")));
        assertThat(out.at("/metadata").toString()).isEqualTo("{\"name\":\"x\"}");
        assertThat(out.path("immutable").isBoolean()).as("immutable is a pointer: false is a value").isTrue();
    }

    @Test
    void unknownJsonFieldsAreDroppedOnEncode() {
        ObjectNode out = KubeProtobuf.decode(KubeProtobuf.encode(json("""
                {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"x","bogus":1},"extra":{"a":1}}""")));
        assertThat(out.toString()).isEqualTo("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}");
    }

    @Test
    void supportsBuiltInKindsOnly() {
        assertThat(KubeProtobuf.supports("v1", "Pod")).isTrue();
        assertThat(KubeProtobuf.supports("apps/v1", "Deployment")).isTrue();
        assertThat(KubeProtobuf.supports("rbac.authorization.k8s.io/v1", "ClusterRoleBinding")).isTrue();
        assertThat(KubeProtobuf.supports("networking.k8s.io/v1", "IngressList")).isTrue();
        assertThat(KubeProtobuf.supports("storage.k8s.io/v1", "StorageClass")).isTrue();
        assertThat(KubeProtobuf.supports("v1", "Status")).isTrue();
        assertThat(KubeProtobuf.supports("v1", "PodSpec")).as("not a kind").isFalse();
        assertThat(KubeProtobuf.supports("apps/v1", "Pod")).isFalse();
        assertThat(KubeProtobuf.supports("example.com/v1", "Widget")).isFalse();
        assertThat(KubeProtobuf.supports("apiextensions.k8s.io/v1", "CustomResourceDefinition")).isFalse();
        assertThat(KubeProtobuf.supports(null, "Pod")).isFalse();
    }

    @Test
    void encodeRejectsWrongJsonTypesWithThePath() {
        assertThatThrownBy(() -> KubeProtobuf.encode(json("""
                {"kind":"Deployment","apiVersion":"apps/v1","spec":{"replicas":"two"}}""")))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("Deployment.spec.replicas");
        assertThatThrownBy(() -> KubeProtobuf.encode(json("""
                {"kind":"Secret","apiVersion":"v1","data":{"k":"not base64!"}}""")))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("Secret.data.k");
        assertThatThrownBy(() -> KubeProtobuf.encode(json("""
                {"kind":"Pod","apiVersion":"v1","metadata":{"creationTimestamp":"yesterday"}}""")))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("yesterday");
        assertThatThrownBy(() -> KubeProtobuf.encode(json("""
                {"kind":"Widget","apiVersion":"example.com/v1"}""")))
                .isInstanceOf(ProtobufException.class).hasMessageContaining("unsupported kind Widget");
        assertThatThrownBy(() -> KubeProtobuf.encode(Json.NODES.arrayNode())).isInstanceOf(ProtobufException.class);
    }

    @Test
    void decodedOrderFollowsGoFieldOrderWithKindFirst() {
        JsonNode out = KubeProtobuf.decode(KubeProtobuf.encode(json("""
                {"status":{},"spec":{"replicas":1},"metadata":{"name":"d"},"apiVersion":"apps/v1","kind":"Deployment"}""")));
        assertThat(out.toString()).startsWith("{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\"");
    }
}
