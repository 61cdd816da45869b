package io.jube.api.selector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorViewTest {
    private static byte[] json(String s) {
        return s.replace('\'', '"').getBytes();
    }

    private static final byte[] POD = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web-1','namespace':'prod',"
            + "'labels':{'app':'web','tier':'front'},'annotations':{'a':'b'},'ownerReferences':[{'name':'rs'}]},"
            + "'spec':{'nodeName':'node-a','restartPolicy':'Always','hostNetwork':true,'priority':5,"
            + "'containers':[{'name':'app','image':'nginx'}],'affinity':{'nodeAffinity':{}}},"
            + "'status':{'phase':'Running','podIP':'10.0.0.5','podIPs':[{'ip':'10.0.0.5'},{'ip':'fd00::5'}],"
            + "'conditions':[{'type':'Ready','status':'True'}]}}");

    private static final byte[] EVENT = json("{'apiVersion':'v1','kind':'Event','metadata':{'name':'e1','namespace':'default'},"
            + "'involvedObject':{'kind':'Pod','name':'web-1','uid':'u1'},'reason':'Scheduled','type':'Normal',"
            + "'source':{'component':'default-scheduler'},'count':3}");

    @Test
    void keepsWhatSelectorsReadAndDropsTheRest() {
        ObjectNode v = SelectorView.of(POD);
        assertThat(v.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(v.at("/metadata/name").asText()).isEqualTo("web-1");
        assertThat(v.at("/spec/nodeName").asText()).isEqualTo("node-a");
        assertThat(v.at("/status/podIPs/1/ip").asText()).isEqualTo("fd00::5");
        assertThat(v.at("/metadata/annotations").isMissingNode()).isTrue();
        assertThat(v.at("/spec/containers").isMissingNode()).isTrue();
        assertThat(v.at("/status/conditions").isMissingNode()).isTrue();
    }

    @Test
    void selectorsDecideTheSameOnTheViewAsOnTheWholeObject() {
        List<String> podFields = List.of("spec.nodeName=node-a", "spec.nodeName!=", "spec.nodeName=node-b",
                "status.phase!=Succeeded,status.phase!=Failed", "status.podIP=10.0.0.5", "status.podIPs=10.0.0.5\\,fd00::5",
                "spec.hostNetwork=true", "spec.restartPolicy=Never", "metadata.name=web-1,metadata.namespace=prod",
                "spec.schedulerName=", "spec.serviceAccountName=default");
        assertSameDecisions(POD, podFields, List.of("app=web", "app in (web,api),tier!=back", "!app", "env", "tier=back"));
        List<String> eventFields = List.of("involvedObject.name=web-1", "involvedObject.kind=Node", "reason=Scheduled",
                "source=default-scheduler", "type=Warning", "involvedObject.uid=u1,type=Normal");
        assertSameDecisions(EVENT, eventFields, List.of("app=web"));
    }

    private static void assertSameDecisions(byte[] obj, List<String> fields, List<String> labels) {
        JsonNode whole = Json.parse(obj);
        ObjectNode view = SelectorView.of(obj);
        for (String f : fields) {
            FieldSelector s = FieldSelector.parse(f);
            assertThat(s.matches(view)).as(f).isEqualTo(s.matches(whole));
        }
        for (String l : labels) {
            LabelSelector s = LabelSelector.parse(l);
            assertThat(s.matches(view)).as(l).isEqualTo(s.matches(whole));
        }
    }
}
