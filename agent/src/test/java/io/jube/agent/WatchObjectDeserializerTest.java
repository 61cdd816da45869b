package io.jube.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch events decode to exactly what stock fabric8 gives, whatever the order or kind of the object's fields. */
class WatchObjectDeserializerTest {
    private static final String POD_BODY = "\"metadata\":{\"name\":\"web-0\",\"namespace\":\"default\",\"resourceVersion\":\"42\","
            + "\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\","
            + "\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}],\"unknownSpecField\":{\"x\":[1,2]}},"
            + "\"status\":{\"phase\":\"Running\",\"podIP\":\"10.42.0.5\"}";

    private final KubernetesSerialization ours = Clients.serialization();
    private final KubernetesSerialization stock = new KubernetesSerialization();

    private Object decode(KubernetesSerialization s, String object) {
        WatchEvent e = s.unmarshal("{\"type\":\"MODIFIED\",\"object\":" + object + "}", WatchEvent.class);
        assertThat(e.getType()).isEqualTo("MODIFIED");
        return e.getObject();
    }

    private Object sameAsStock(String object) {
        Object got = decode(ours, object);
        assertThat(got).isEqualTo(decode(stock, object));
        return got;
    }

    @Test
    void clientsDecodeWatchObjectsWithIt() throws Exception {
        var mapper = Clients.mapper();
        new KubernetesSerialization(mapper, true); // configures the mapper as Clients.serialization() does
        var ctxt = ((com.fasterxml.jackson.databind.deser.DefaultDeserializationContext) mapper.getDeserializationContext())
                .createDummyInstance(mapper.getDeserializationConfig());
        var event = (com.fasterxml.jackson.databind.deser.BeanDeserializerBase)
                ctxt.findRootValueDeserializer(mapper.constructType(WatchEvent.class));
        assertThat(event.findProperty("object").getValueDeserializer()).isInstanceOf(WatchObjectDeserializer.class);
    }

    @Test
    void typedObjectsMatchStockWhereverApiVersionAndKindAre() {
        for (String pod : List.of(
                "{\"apiVersion\":\"v1\",\"kind\":\"Pod\"," + POD_BODY + "}",
                "{\"kind\":\"Pod\",\"apiVersion\":\"v1\"," + POD_BODY + "}",
                "{" + POD_BODY + ",\"kind\":\"Pod\",\"apiVersion\":\"v1\"}",
                "{\"kind\":\"Pod\"," + POD_BODY + ",\"apiVersion\":\"v1\"}")) {
            Pod p = (Pod) sameAsStock(pod);
            assertThat(p.getMetadata().getName()).isEqualTo("web-0");
            assertThat(p.getSpec().getNodeName()).isEqualTo("n1");
            assertThat(p.getSpec().getContainers().get(0).getResources().getRequests().get("cpu").toString()).isEqualTo("100m");
            assertThat(p.getSpec().getAdditionalProperties()).containsKey("unknownSpecField");
            assertThat(p.getStatus().getPodIP()).isEqualTo("10.42.0.5");
        }
        Pod bare = (Pod) sameAsStock("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}");
        assertThat(bare.getMetadata()).isNull();
        var lease = (io.fabric8.kubernetes.api.model.coordination.v1.Lease) sameAsStock("{\"kind\":\"Lease\","
                + "\"apiVersion\":\"coordination.k8s.io/v1\",\"metadata\":{\"name\":\"n1\",\"namespace\":\"kube-node-lease\"},"
                + "\"spec\":{\"holderIdentity\":\"n1\",\"leaseDurationSeconds\":40}}");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        Deployment d = (Deployment) sameAsStock("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
                + "\"spec\":{\"replicas\":3}}");
        assertThat(d.getSpec().getReplicas()).isEqualTo(3);
        Status s = (Status) sameAsStock("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Expired\",\"code\":410}");
        assertThat(s.getCode()).isEqualTo(410);
    }

    @Test
    void unknownKindsAndMissingKindsFallBackToStock() {
        Object widget = sameAsStock("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"metadata\":{\"name\":\"w\"},\"spec\":{\"size\":2}}");
        assertThat(widget).isInstanceOf(GenericKubernetesResource.class);
        assertThat(((GenericKubernetesResource) widget).getMetadata().getName()).isEqualTo("w");
        assertThat(sameAsStock("{\"metadata\":{\"name\":\"nokind\"},\"spec\":{}}")).isInstanceOf(RawExtension.class);
        assertThat(sameAsStock("{\"apiVersion\":\"v1\",\"kind\":7,\"metadata\":{\"name\":\"x\"}}")).isInstanceOf(RawExtension.class);
        assertThat(sameAsStock("{}")).isInstanceOf(RawExtension.class);
    }
}
