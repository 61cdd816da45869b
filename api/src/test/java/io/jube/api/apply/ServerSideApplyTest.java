package io.jube.api.apply;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.PatchException;
import io.jube.api.patch.TestSchema;
import io.jube.api.schema.Schema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ServerSideApplyTest {
    static final Schema DEPLOYMENT = TestSchema.deployment();
    static final Schema POD = TestSchema.pod();
    static final Instant T1 = Instant.parse("2024-05-01T10:00:00Z");
    static final Instant T2 = Instant.parse("2024-05-01T11:00:00Z");

    static ObjectNode obj(String json) {
        return (ObjectNode) json(json);
    }

    static ObjectNode config(String spec) {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},"
                + "'spec':" + spec + "}");
    }

    static final String NGINX = "{'replicas':2,'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.25'}]}}}";

    static ObjectNode apply(ObjectNode live, ObjectNode config, String manager, boolean force, Schema schema) {
        return ServerSideApply.apply(live, config, manager, force, "apps/v1", schema, live == null ? T1 : T2);
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
    void applyCreatesTheObjectAndOwnsExactlyWhatItSet() {
        ObjectNode created = apply(null, config(NGINX), "kubectl", false, DEPLOYMENT);
        assertThat(created.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.25");
        JsonNode e = entry(created, "kubectl");
        assertThat(e.get("operation").asText()).isEqualTo("Apply");
        assertThat(e.get("apiVersion").asText()).isEqualTo("apps/v1");
        assertThat(e.get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(Json.string(e.get("fieldsV1"))).isEqualTo("""
                {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":\
                {"f:containers":{"k:{\\"name\\":\\"nginx\\"}":{".":{},"f:image":{},"f:name":{}}}}}}}""");
    }

    @Test
    void reapplyingWithoutAFieldRemovesItWhenNoOneElseOwnsIt() {
        ObjectNode live = apply(null, config("{'replicas':2,'template':{'spec':{'containers':["
                + "{'name':'nginx','image':'nginx'},{'name':'sidecar','image':'busybox'}]}}}"), "kubectl", false, DEPLOYMENT);
        ObjectNode next = apply(live, config("{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx'}]}}}"),
                "kubectl", false, DEPLOYMENT);
        assertThat(next.at("/spec").has("replicas")).isFalse();
        assertThat(next.at("/spec/template/spec/containers").findValuesAsText("name")).containsExactly("nginx");
        assertThat(entry(next, "kubectl").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
    }

    @Test
    void anOmittedFieldStaysWhileAnotherManagerOwnsIt() {
        ObjectNode live = apply(null, config(NGINX), "kubectl", false, DEPLOYMENT);
        ObjectNode coOwned = apply(live, obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},"
                + "'spec':{'replicas':2}}"), "ops", false, DEPLOYMENT);
        assertThat(entry(coOwned, "ops").at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();
        ObjectNode next = apply(coOwned, config("{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1.25'}]}}}"),
                "kubectl", false, DEPLOYMENT);
        assertThat(next.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void changingAFieldOwnedByAnUpdaterConflictsWithKubernetesMessage() {
        ObjectNode live = config(NGINX);
        ManagedFields.recordUpdate(null, live, "kubectl-client-side-apply", "apps/v1", "", DEPLOYMENT, T1);
        assertThatThrownBy(() -> apply(live, config("{'replicas':3}"), "kubectl", false, DEPLOYMENT))
                .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo(
                            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas");
                    assertThat(e.conflicts()).singleElement().satisfies(c -> {
                        assertThat(c.field()).isEqualTo(".spec.replicas");
                        assertThat(c.causeMessage()).isEqualTo("conflict with \"kubectl-client-side-apply\" using apps/v1");
                    });
                });
    }

    @Test
    void severalConflictsAreGroupedByManager() {
        ObjectNode live = apply(null, config(NGINX), "alice", false, DEPLOYMENT);
        assertThatThrownBy(() -> apply(live, config("{'replicas':5,'template':{'spec':{'containers':"
                + "[{'name':'nginx','image':'nginx:2'}]}}}"), "bob", false, DEPLOYMENT))
                .isInstanceOfSatisfying(ApplyConflictException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Apply failed with 2 conflicts: conflicts with \"alice\":\n- .spec.replicas\n"
                                + "- .spec.template.spec.containers[name=\"nginx\"].image"));
    }

    @Test
    void applyingTheSameValueSharesOwnershipWithoutConflict() {
        ObjectNode live = apply(null, config(NGINX), "alice", false, DEPLOYMENT);
        ObjectNode next = apply(live, config("{'replicas':2}"), "bob", false, DEPLOYMENT);
        assertThat(entry(next, "alice").at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();
        assertThat(entry(next, "bob").at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();
        // Now a change by either one conflicts with the other.
        assertThatThrownBy(() -> apply(next, config("{'replicas':4}"), "bob", false, DEPLOYMENT))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas");
    }

    @Test
    void forceTakesOwnershipAway() {
        ObjectNode live = apply(null, config(NGINX), "alice", false, DEPLOYMENT);
        ObjectNode next = apply(live, config("{'replicas':7}"), "bob", true, DEPLOYMENT);
        assertThat(next.at("/spec/replicas").asInt()).isEqualTo(7);
        assertThat(entry(next, "alice").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThat(entry(next, "alice").at("/fieldsV1/f:spec").has("f:template")).isTrue();
        assertThat(entry(next, "bob").at("/fieldsV1/f:spec/f:replicas").isObject()).isTrue();
    }

    @Test
    void listMapItemsOfOtherManagersAreKeptAndKeysIncludeEveryKeyField() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':["
                + "{'name':'app','image':'app:1','ports':[{'containerPort':80,'protocol':'TCP'}]}]}}");
        ObjectNode live = ServerSideApply.apply(null, pod, "alice", false, "v1", POD, T1);
        ObjectNode sidecar = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':["
                + "{'name':'proxy','image':'envoy'}]}}");
        ObjectNode next = ServerSideApply.apply(live, sidecar, "bob", false, "v1", POD, T2);
        assertThat(next.at("/spec/containers").findValuesAsText("name")).containsExactly("app", "proxy");
        assertThat(entry(next, "alice").at("/fieldsV1/f:spec/f:containers").fieldNames()).toIterable()
                .containsExactly("k:{\"name\":\"app\"}");
        assertThat(entry(next, "alice").at("/fieldsV1/f:spec/f:containers").get("k:{\"name\":\"app\"}")
                .get("f:ports").has("k:{\"containerPort\":80,\"protocol\":\"TCP\"}")).isTrue();
    }

    @Test
    void setsAreMergedByValueAndAtomicListsReplaced() {
        ObjectNode pod = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a']},"
                + "'spec':{'tolerations':[{'key':'x'}],'containers':[{'name':'c','command':['sh','-c']}]}}");
        ObjectNode live = ServerSideApply.apply(null, pod, "alice", false, "v1", POD, T1);
        JsonNode fields = entry(live, "alice").get("fieldsV1");
        assertThat(fields.at("/f:metadata/f:finalizers").has("v:\"a\"")).isTrue();
        assertThat(fields.at("/f:spec/f:tolerations")).isEqualTo(json("{}"));
        ObjectNode bob = obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['b']}}");
        ObjectNode next = ServerSideApply.apply(live, bob, "bob", false, "v1", POD, T2);
        assertThat(next.at("/metadata/finalizers")).isEqualTo(json("['a','b']"));
        assertThatThrownBy(() -> ServerSideApply.apply(next, obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},"
                + "'spec':{'tolerations':[{'key':'y'}]}}"), "bob", false, "v1", POD, T2))
                .hasMessage("Apply failed with 1 conflict: conflict with \"alice\": .spec.tolerations");
    }

    @Test
    void labelsAreOwnedPerKey() {
        ObjectNode live = apply(null, config(NGINX), "alice", false, DEPLOYMENT);
        ObjectNode next = apply(live, obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'labels':{'team':'blue'}}}"), "bob", false, DEPLOYMENT);
        assertThat(next.at("/metadata/labels")).isEqualTo(json("{'app':'web','team':'blue'}"));
        ObjectNode dropped = apply(next, obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'}}"),
                "bob", false, DEPLOYMENT);
        assertThat(dropped.at("/metadata/labels")).isEqualTo(json("{'app':'web'}"));
        assertThat(entry(dropped, "bob")).as("an entry with no fields is removed").isNull();
    }

    @Test
    void firstApplyToAnObjectWithoutManagedFieldsConflictsWithBeforeFirstApply() {
        ObjectNode live = config(NGINX);
        assertThatThrownBy(() -> apply(live, config("{'replicas':3}"), "kubectl", false, DEPLOYMENT))
                .hasMessage("Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");
        ObjectNode forced = apply(live, config("{'replicas':3}"), "kubectl", true, DEPLOYMENT);
        JsonNode before = entry(forced, "before-first-apply");
        assertThat(before.get("operation").asText()).isEqualTo("Update");
        assertThat(before.at("/fieldsV1/f:spec").has("f:replicas")).isFalse();
        assertThat(before.at("/fieldsV1/f:spec").has("f:template")).isTrue();
        assertThat(forced.at("/spec/template/spec/containers/0/image").asText()).as("not pruned").isEqualTo("nginx:1.25");
    }

    @Test
    void managedFieldsInTheAppliedConfigAreRejected() {
        ObjectNode cfg = config(NGINX);
        ((ObjectNode) cfg.get("metadata")).set("managedFields", json("[{'manager':'x','operation':'Apply'}]"));
        assertThatThrownBy(() -> apply(null, cfg, "kubectl", false, DEPLOYMENT))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void duplicateKeysInTheAppliedConfigAreRejected() {
        assertThatThrownBy(() -> apply(null, config("{'template':{'spec':{'containers':[{'name':'a'},{'name':'a'}]}}}"),
                "kubectl", false, DEPLOYMENT))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("[name=\"a\"]");
                });
    }

    @Test
    void noOpReapplyKeepsTimeAndInputsAreNotMutated() {
        ObjectNode live = apply(null, config(NGINX), "kubectl", false, DEPLOYMENT);
        ObjectNode liveCopy = live.deepCopy();
        ObjectNode cfg = config(NGINX);
        ObjectNode cfgCopy = cfg.deepCopy();
        ObjectNode again = apply(live, cfg, "kubectl", false, DEPLOYMENT);
        assertThat(again).isEqualTo(live);
        assertThat(entry(again, "kubectl").get("time").asText()).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(live).isEqualTo(liveCopy);
        assertThat(cfg).isEqualTo(cfgCopy);
    }

    @Test
    void updaterThenApplierOnStatusKeepsSeparateEntries() {
        ObjectNode live = apply(null, config(NGINX), "kubectl", false, DEPLOYMENT);
        ObjectNode withStatus = live.deepCopy();
        withStatus.set("status", json("{'replicas':2}"));
        ManagedFields.recordUpdate(live, withStatus, "kube-controller-manager", "apps/v1", "status", DEPLOYMENT, T2);
        ObjectNode next = apply(withStatus, config(NGINX), "kubectl", false, DEPLOYMENT);
        assertThat(next.at("/status/replicas").asInt()).isEqualTo(2);
        assertThat(next.at("/metadata/managedFields").findValuesAsText("manager"))
                .containsExactly("kubectl", "kube-controller-manager");
    }

    @Test
    void itemsOmittingADefaultedKeyFieldFindTheirLiveItem() {
        String cfg = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':["
                + "{'name':'app','image':'app:1','ports':[{'containerPort':80}]}]}}";
        ObjectNode live = ServerSideApply.apply(null, obj(cfg), "kubectl", false, "v1", POD, T1);
        // The API server defaults the protocol after the first apply.
        ((ObjectNode) live.at("/spec/containers/0/ports/0")).put("protocol", "TCP");
        ObjectNode next = ServerSideApply.apply(live, obj(cfg.replace("app:1", "app:2")), "kubectl", false, "v1", POD, T2);
        assertThat(next.at("/spec/containers/0/ports")).isEqualTo(json("[{'containerPort':80,'protocol':'TCP'}]"));
        assertThat(entry(next, "kubectl").at("/fieldsV1/f:spec/f:containers").get("k:{\"name\":\"app\"}")
                .get("f:ports").fieldNames()).toIterable().containsExactly("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    }
}
