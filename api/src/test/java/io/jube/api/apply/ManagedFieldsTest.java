package io.jube.api.apply;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.TestSchema;
import io.jube.api.schema.Schema;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedFieldsTest {
    static final Schema DEPLOYMENT = TestSchema.deployment();
    static final Instant T1 = Instant.parse("2024-05-01T10:00:00.789Z");
    static final Instant T2 = Instant.parse("2024-05-01T11:00:00Z");

    static ObjectNode deployment(int replicas, String image) {
        return (ObjectNode) json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default',"
                + "'uid':'u1','resourceVersion':'5','labels':{'app':'web'}},'spec':{'replicas':" + replicas + ","
                + "'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
                + "'spec':{'containers':[{'name':'nginx','image':'" + image + "'}]}}}}");
    }

    static ObjectNode created(String manager) {
        ObjectNode obj = deployment(1, "nginx");
        ManagedFields.recordUpdate(null, obj, manager, "apps/v1", "", DEPLOYMENT, T1);
        return obj;
    }

    static JsonNode entry(JsonNode obj, String manager) {
        for (JsonNode e : obj.at("/metadata/managedFields")) {
            if (e.get("manager").asText().equals(manager)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void createRecordsEveryTrackedFieldForTheManager() {
        ObjectNode obj = created("kubectl-create");
        JsonNode e = entry(obj, "kubectl-create");
        assertThat(obj.at("/metadata/managedFields").size()).isEqualTo(1);
        assertThat(e.get("operation").asText()).isEqualTo("Update");
        assertThat(e.get("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(e.get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(e.get("fieldsType").asText()).isEqualTo("FieldsV1");
        assertThat(e.has("subresource")).isFalse();
        assertThat(Json.string(e.get("fieldsV1"))).isEqualTo("""
                {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:replicas":{},"f:selector":{},\
                "f:template":{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{".":{},\
                "k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""");
    }

    @Test
    void anotherManagerChangingAFieldTakesItOver() {
        ObjectNode old = created("kubectl-create");
        ObjectNode scaled = old.deepCopy();
        ((ObjectNode) scaled.get("spec")).put("replicas", 3);
        ManagedFields.recordUpdate(old, scaled, "kube-controller-manager", "apps/v1", "", DEPLOYMENT, T2);

        assertThat(entry(scaled, "kube-controller-manager").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
        assertThat(entry(scaled, "kube-controller-manager").get("time").asText()).isEqualTo("2024-05-01T11:00:00Z");
        JsonNode creator = entry(scaled, "kubectl-create").get("fieldsV1");
        assertThat(creator.at("/f:spec").has("f:replicas")).isFalse();
        assertThat(creator.at("/f:spec").has("f:selector")).isTrue();
        assertThat(entry(scaled, "kubectl-create").get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(entry(old, "kube-controller-manager")).as("old object untouched").isNull();
    }

    @Test
    void removedFieldsLeaveEveryManager() {
        ObjectNode old = created("kubectl-create");
        ObjectNode next = old.deepCopy();
        ((ObjectNode) next.get("metadata")).remove("labels");
        ManagedFields.recordUpdate(old, next, "editor", "apps/v1", "", DEPLOYMENT, T2);
        assertThat(entry(next, "kubectl-create").at("/fieldsV1/f:metadata").isMissingNode()).isTrue();
        assertThat(entry(next, "editor")).as("removing gives no ownership").isNull();
    }

    @Test
    void entriesAreKeyedByManagerOperationSubresourceAndVersion() {
        ObjectNode old = created("m");
        ObjectNode v2 = old.deepCopy();
        ((ObjectNode) v2.get("spec")).put("replicas", 2);
        ManagedFields.recordUpdate(old, v2, "m", "apps/v1beta2", "", DEPLOYMENT, T2);
        ObjectNode status = v2.deepCopy();
        status.set("status", json("{'replicas':2}"));
        ManagedFields.recordUpdate(v2, status, "m", "apps/v1", "status", DEPLOYMENT, T2);

        List<ManagedFieldsEntry> entries = ManagedFields.read(status);
        assertThat(entries).extracting(ManagedFieldsEntry::apiVersion, ManagedFieldsEntry::subresource)
                // sorted by time, then manager, apiVersion, subresource
                .containsExactly(org.assertj.core.groups.Tuple.tuple("apps/v1", ""),
                        org.assertj.core.groups.Tuple.tuple("apps/v1", "status"),
                        org.assertj.core.groups.Tuple.tuple("apps/v1beta2", ""));
        assertThat(status.at("/metadata/managedFields/1/subresource").asText()).isEqualTo("status");
        assertThat(status.at("/metadata/managedFields/1/fieldsV1")).isEqualTo(json("{'f:status':{'f:replicas':{}}}"));
        assertThat(status.at("/metadata/managedFields/2/fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
    }

    @Test
    void aManagerLeftWithNoFieldsIsDropped() {
        ObjectNode old = (ObjectNode) json("{'metadata':{'name':'x'},'spec':{'replicas':1}}");
        ManagedFields.recordUpdate(null, old, "a", "apps/v1", "", DEPLOYMENT, T1);
        ObjectNode next = old.deepCopy();
        ((ObjectNode) next.get("spec")).put("replicas", 2);
        ManagedFields.recordUpdate(old, next, "b", "apps/v1", "", DEPLOYMENT, T2);
        assertThat(next.at("/metadata/managedFields").findValuesAsText("manager")).containsExactly("b");
    }

    @Test
    void noOpUpdateKeepsTheEntryTime() {
        ObjectNode old = created("m");
        ObjectNode same = old.deepCopy();
        ((ObjectNode) same.get("metadata")).put("resourceVersion", "6");
        ManagedFields.recordUpdate(old, same, "m", "apps/v1", "", DEPLOYMENT, T2);
        assertThat(entry(same, "m").get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(entry(same, "m").get("fieldsV1")).isEqualTo(entry(old, "m").get("fieldsV1"));
    }

    @Test
    void writingASingleEmptyEntryStripsManagedFields() {
        ObjectNode old = created("m");
        ObjectNode next = old.deepCopy();
        ((ObjectNode) next.get("metadata")).set("managedFields", json("[{}]"));
        ManagedFields.recordUpdate(old, next, "m", "apps/v1", "", DEPLOYMENT, T2);
        assertThat(next.at("/metadata").has("managedFields")).isFalse();
    }

    @Test
    void untrackedFieldsNeverAppear() {
        ObjectNode obj = created("m");
        JsonNode fields = entry(obj, "m").get("fieldsV1");
        assertThat(fields.has("f:apiVersion")).isFalse();
        assertThat(fields.has("f:kind")).isFalse();
        assertThat(fields.get("f:metadata").has("f:name")).isFalse();
        assertThat(fields.get("f:metadata").has("f:uid")).isFalse();
        assertThat(fields.get("f:metadata").has("f:resourceVersion")).isFalse();
    }

    @Test
    void schemaLessObjectsTrackMapsGranularlyAndListsAtomically() {
        ObjectNode obj = (ObjectNode) json("{'metadata':{'name':'x','labels':{'a':'1'}},'data':{'k':'v'},'items':[1,2]}");
        ManagedFields.recordUpdate(null, obj, "m", "v1", "", null, T1);
        assertThat(entry(obj, "m").get("fieldsV1")).isEqualTo(json(
                "{'f:metadata':{'f:labels':{'.':{},'f:a':{}}},'f:data':{'.':{},'f:k':{}},'f:items':{}}"));
    }
}
