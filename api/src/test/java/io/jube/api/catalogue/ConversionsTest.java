package io.jube.api.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import org.junit.jupiter.api.Test;

class ConversionsTest {
    private static ObjectNode json(String relaxed) {
        return (ObjectNode) Json.parse(relaxed.replace('\'', '"').getBytes());
    }

    private static final String V2 = "{'apiVersion':'autoscaling/v2','kind':'HorizontalPodAutoscaler',"
            + "'metadata':{'name':'web','namespace':'default'},"
            + "'spec':{'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'},'minReplicas':1,'maxReplicas':10,"
            + "'metrics':[{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'100Mi'}}},"
            + "{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':80}}}],"
            + "'behavior':{'scaleDown':{'stabilizationWindowSeconds':300}}},"
            + "'status':{'currentReplicas':2,'desiredReplicas':3,"
            + "'currentMetrics':[{'type':'Resource','resource':{'name':'memory','current':{'averageValue':'50Mi'}}},"
            + "{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':45}}}],"
            + "'conditions':[{'type':'AbleToScale','status':'True'}]}}";

    @Test
    void hpaV2ToV1UsesCpuFieldsAndAnnotations() {
        ObjectNode v1 = Conversions.HPA_V1.fromStorage(json(V2));
        assertThat(v1.get("apiVersion").asText()).isEqualTo("autoscaling/v1");
        assertThat(v1.at("/spec/targetCPUUtilizationPercentage").asInt()).isEqualTo(80);
        assertThat(v1.at("/status/currentCPUUtilizationPercentage").asInt()).isEqualTo(45);
        assertThat(v1.at("/spec/metrics").isMissingNode()).isTrue();
        assertThat(v1.at("/status/currentMetrics").isMissingNode()).isTrue();
        assertThat(v1.at("/spec/maxReplicas").asInt()).isEqualTo(10);
        JsonNode ann = v1.at("/metadata/annotations");
        assertThat(Json.parse(ann.get(Conversions.HPA_METRICS).asText().getBytes()).get(0).at("/resource/name").asText())
                .isEqualTo("memory");
        assertThat(ann.has(Conversions.HPA_CURRENT_METRICS)).isTrue();
        assertThat(ann.has(Conversions.HPA_CONDITIONS)).isTrue();
        assertThat(ann.has(Conversions.HPA_BEHAVIOR)).isTrue();
    }

    @Test
    void hpaRoundTripV2ThroughV1KeepsEverything() {
        ObjectNode original = json(V2);
        ObjectNode back = Conversions.HPA_V1.toStorage(Conversions.HPA_V1.fromStorage(json(V2)));
        assertThat(back).isEqualTo(original);
    }

    @Test
    void hpaPlainV1ToV2AndBack() {
        String v1Text = "{'apiVersion':'autoscaling/v1','kind':'HorizontalPodAutoscaler','metadata':{'name':'web'},"
                + "'spec':{'scaleTargetRef':{'kind':'Deployment','name':'web'},'maxReplicas':5,'targetCPUUtilizationPercentage':50},"
                + "'status':{'currentReplicas':1,'desiredReplicas':1,'currentCPUUtilizationPercentage':20}}";
        ObjectNode v2 = Conversions.HPA_V1.toStorage(json(v1Text));
        assertThat(v2.get("apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(v2.at("/spec/metrics/0/type").asText()).isEqualTo("Resource");
        assertThat(v2.at("/spec/metrics/0/resource/name").asText()).isEqualTo("cpu");
        assertThat(v2.at("/spec/metrics/0/resource/target/type").asText()).isEqualTo("Utilization");
        assertThat(v2.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(50);
        assertThat(v2.at("/status/currentMetrics/0/resource/current/averageUtilization").asInt()).isEqualTo(20);
        assertThat(v2.at("/spec/targetCPUUtilizationPercentage").isMissingNode()).isTrue();
        assertThat(v2.at("/metadata/annotations").isMissingNode()).isTrue();
        assertThat(Conversions.HPA_V1.fromStorage(v2)).isEqualTo(json(v1Text));
    }

    @Test
    void hpaWithoutTargetsOrStatusConverts() {
        ObjectNode v2 = Conversions.HPA_V1.toStorage(json("{'apiVersion':'autoscaling/v1','metadata':{'name':'x'},"
                + "'spec':{'maxReplicas':3}}"));
        assertThat(v2.at("/spec/metrics").isMissingNode()).isTrue();
        assertThat(v2.has("status")).isFalse();
    }

    @Test
    void hpaIgnoresUnparsableAnnotationWithoutLosingIt() {
        ObjectNode v2 = Conversions.HPA_V1.toStorage(json("{'apiVersion':'autoscaling/v1','metadata':{'name':'x',"
                + "'annotations':{'" + Conversions.HPA_METRICS + "':'not json ['}},'spec':{'maxReplicas':3}}"));
        assertThat(v2.at("/metadata/annotations/" + Conversions.HPA_METRICS.replace("/", "~1")).asText()).isEqualTo("not json [");
    }

    private static final String CORE_EVENT = "{'apiVersion':'v1','kind':'Event','metadata':{'name':'e1','namespace':'default'},"
            + "'involvedObject':{'kind':'Pod','name':'web','namespace':'default','uid':'u1'},'reason':'BackOff',"
            + "'message':'Back-off restarting failed container','source':{'component':'kubelet','host':'n1'},"
            + "'firstTimestamp':'2024-01-01T00:00:00Z','lastTimestamp':'2024-01-01T00:05:00Z','count':7,'type':'Warning',"
            + "'eventTime':null,'reportingComponent':'kubelet','reportingInstance':'n1','action':'Restart',"
            + "'related':{'kind':'Node','name':'n1'},'series':{'count':3,'lastObservedTime':'2024-01-01T00:05:00.000000Z'}}";

    @Test
    void coreEventToEventsV1() {
        ObjectNode ev = Conversions.EVENTS_V1.fromStorage(json(CORE_EVENT));
        assertThat(ev.get("apiVersion").asText()).isEqualTo("events.k8s.io/v1");
        assertThat(ev.at("/regarding/name").asText()).isEqualTo("web");
        assertThat(ev.get("note").asText()).isEqualTo("Back-off restarting failed container");
        assertThat(ev.at("/deprecatedSource/component").asText()).isEqualTo("kubelet");
        assertThat(ev.get("deprecatedFirstTimestamp").asText()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(ev.get("deprecatedLastTimestamp").asText()).isEqualTo("2024-01-01T00:05:00Z");
        assertThat(ev.get("deprecatedCount").asInt()).isEqualTo(7);
        assertThat(ev.get("reportingController").asText()).isEqualTo("kubelet");
        assertThat(ev.get("reportingInstance").asText()).isEqualTo("n1");
        assertThat(ev.at("/series/count").asInt()).isEqualTo(3);
        assertThat(ev.has("involvedObject") || ev.has("message") || ev.has("source") || ev.has("count")).isFalse();
    }

    @Test
    void eventRoundTripsBothWays() {
        assertThat(Conversions.EVENTS_V1.toStorage(Conversions.EVENTS_V1.fromStorage(json(CORE_EVENT))))
                .isEqualTo(json(CORE_EVENT));
        ObjectNode v1 = Conversions.EVENTS_V1.fromStorage(json(CORE_EVENT));
        ObjectNode copy = v1.deepCopy();
        assertThat(Conversions.EVENTS_V1.fromStorage(Conversions.EVENTS_V1.toStorage(v1))).isEqualTo(copy);
    }
}
