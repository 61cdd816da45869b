package io.jube.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import org.junit.jupiter.api.Test;

class FieldSelectorTest {
    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"').getBytes());
    }

    private static final JsonNode POD = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web-1','namespace':'prod'},"
            + "'spec':{'nodeName':'node-a','restartPolicy':'Always','hostNetwork':true},"
            + "'status':{'phase':'Running','podIPs':[{'ip':'10.0.0.5'},{'ip':'fd00::5'}]}}");

    @Test
    void parsesOperatorsAndPrintsSortedCanonicalForm() {
        FieldSelector f = FieldSelector.parse("status.phase!=Failed,metadata.name==web-1,spec.nodeName=node-a");
        assertThat(f.toString()).isEqualTo("metadata.name=web-1,spec.nodeName=node-a,status.phase!=Failed");
        assertThat(f.matches(POD)).isTrue();
        assertThat(FieldSelector.parse("").isEverything()).isTrue();
    }

    @Test
    void resolvesPodFields() {
        assertThat(FieldSelector.parse("spec.hostNetwork=true").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("status.podIP=10.0.0.5").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("status.podIPs=10.0.0.5\\,fd00::5").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("metadata.namespace!=prod").matches(POD)).isFalse();
        assertThat(FieldSelector.parse("spec.schedulerName=").matches(POD)).isTrue();
        assertThat(FieldSelector.parse("spec.host=node-a").matches(POD)).isTrue();
    }

    @Test
    void escapesInValues() {
        FieldSelector f = FieldSelector.parse("metadata.name=a\\=b\\,c\\\\d");
        assertThat(f.terms().get(0).value()).isEqualTo("a=b,c\\d");
        assertThat(f.toString()).isEqualTo("metadata.name=a\\=b\\,c\\\\d");
        assertThatThrownBy(() -> FieldSelector.parse("a=b\\x")).isInstanceOf(SelectorException.class)
                .hasMessage("invalid field selector: invalid escape sequence: \\x");
        assertThatThrownBy(() -> FieldSelector.parse("a=b=c"))
                .hasMessage("invalid field selector: unescaped character in value: =");
        assertThatThrownBy(() -> FieldSelector.parse("a,b=c")).hasMessage("invalid selector: 'a,b=c'; can't understand 'a'");
    }

    @Test
    void eventsResolveInBothShapes() {
        JsonNode core = json("{'apiVersion':'v1','kind':'Event','involvedObject':{'kind':'Pod','name':'p'},"
                + "'source':{'component':'kubelet'},'reportingComponent':'kubelet','type':'Warning','reason':'BackOff'}");
        JsonNode v1 = json("{'apiVersion':'events.k8s.io/v1','kind':'Event','regarding':{'kind':'Pod','name':'p'},"
                + "'deprecatedSource':{'component':'kubelet'},'reportingController':'kubelet','type':'Warning'}");
        assertThat(FieldSelector.parse("involvedObject.kind=Pod,involvedObject.name=p,source=kubelet,type=Warning")
                .matches(core)).isTrue();
        assertThat(FieldSelector.parse("regarding.kind=Pod,regarding.name=p,reportingController=kubelet").matches(v1))
                .isTrue();
        assertThat(FieldSelector.parse("regarding.name=p").matches(core)).isTrue();
        assertThat(FieldSelector.parse("reason=Other").matches(core)).isFalse();
    }

    @Test
    void otherKindsFields() {
        assertThat(FieldSelector.parse("spec.unschedulable=false").matches(json("{'kind':'Node','apiVersion':'v1'}"))).isTrue();
        assertThat(FieldSelector.parse("status.replicas=3")
                .matches(json("{'kind':'ReplicaSet','apiVersion':'apps/v1','status':{'replicas':3}}"))).isTrue();
        assertThat(FieldSelector.parse("status.successful=0").matches(json("{'kind':'Job','apiVersion':'batch/v1'}"))).isTrue();
        assertThat(FieldSelector.parse("type=kubernetes.io/tls")
                .matches(json("{'kind':'Secret','apiVersion':'v1','type':'kubernetes.io/tls'}"))).isTrue();
        assertThat(FieldSelector.parse("spec.type=NodePort")
                .matches(json("{'kind':'Service','apiVersion':'v1','spec':{'type':'NodePort'}}"))).isTrue();
    }

    @Test
    void validatesFieldsPerKindWithKubernetesMessages() {
        assertThatCode(() -> FieldSelector.validateFields("", "Pod", FieldSelector.parse("spec.nodeName=a,status.phase=Running")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> FieldSelector.validateFields("", "Pod", FieldSelector.parse("spec.foo=a")))
                .isInstanceOf(SelectorException.class).hasMessage("field label not supported: spec.foo");
        assertThatThrownBy(() -> FieldSelector.validateFields("", "Node", FieldSelector.parse("metadata.namespace=a")))
                .hasMessage("field label not supported: metadata.namespace");
        assertThatThrownBy(() -> FieldSelector.validateFields("batch", "Job", FieldSelector.parse("spec.x=1")))
                .hasMessage("field label \"spec.x\" not supported for batchv1.Job");
        assertThatThrownBy(() -> FieldSelector.validateFields("networking.k8s.io", "Ingress", FieldSelector.parse("foo.bar=baz")))
                .hasMessage("\"foo.bar\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
        assertThatThrownBy(() -> FieldSelector.validateFields("events.k8s.io", "Event", FieldSelector.parse("involvedObject.kind=Pod")))
                .hasMessage("field label not supported: involvedObject.kind");
        assertThatCode(() -> FieldSelector.validateFields("", "Namespace", FieldSelector.parse("status.phase=Active")))
                .doesNotThrowAnyException();
    }
}
