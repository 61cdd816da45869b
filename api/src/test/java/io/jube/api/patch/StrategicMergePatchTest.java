package io.jube.api.patch;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.schema.Schema;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {
    private static final Schema DEPLOYMENT = TestSchema.deployment();
    private static final Schema POD = TestSchema.pod();

    private static JsonNode smp(Schema schema, String original, String patch) {
        return StrategicMergePatch.apply(json(original), json(patch), schema);
    }

    private static JsonNode containers(JsonNode deployment) {
        return deployment.at("/spec/template/spec/containers");
    }

    /** The Deployment from "Update API Objects in Place Using kubectl patch". */
    private static final String PATCH_DEMO = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'patch-demo'},"
            + "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'nginx'}},'template':{'metadata':{'labels':{'app':'nginx'}},"
            + "'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx'}],"
            + "'tolerations':[{'effect':'NoSchedule','key':'dedicated','value':'test-team'}]}}}}";

    @Test
    void kubectlPatchDocsAddsSecondContainerByMergingOnName() {
        JsonNode out = smp(DEPLOYMENT, PATCH_DEMO,
                "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}]}}}}");
        // As the task page shows: the patched-in item comes first, since the live item's position
        // cannot be compared with an item the live list does not have.
        assertThat(containers(out)).isEqualTo(json("[{'name':'patch-demo-ctr-2','image':'redis'},"
                + "{'name':'patch-demo-ctr','image':'nginx'}]"));
        assertThat(out.at("/spec/replicas").asInt()).isEqualTo(2);
    }

    @Test
    void kubectlPatchDocsReplacesTolerationsBecauseTheirStrategyIsReplace() {
        JsonNode out = smp(DEPLOYMENT, PATCH_DEMO,
                "{'spec':{'template':{'spec':{'tolerations':[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}}}}");
        assertThat(out.at("/spec/template/spec/tolerations"))
                .isEqualTo(json("[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]"));
        assertThat(containers(out).size()).isEqualTo(1);
    }

    @Test
    void mergingAnItemKeepsItsOtherFieldsAndTheListOrder() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'a','image':'x','args':['1']},{'name':'b','image':'y'}]}}",
                "{'spec':{'containers':[{'name':'a','image':'x2'}]}}");
        assertThat(out.at("/spec/containers")).isEqualTo(json(
                "[{'name':'a','image':'x2','args':['1']},{'name':'b','image':'y'}]"));
    }

    @Test
    void nestedMergeListsMergeOnTheirOwnKeys() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'}],"
                        + "'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}",
                "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443}],"
                        + "'env':[{'name':'B','value':'3'}]}]}}");
        assertThat(out.at("/spec/containers/0/ports")).isEqualTo(json(
                "[{'containerPort':80,'name':'http','protocol':'TCP'},{'containerPort':443}]"));
        assertThat(out.at("/spec/containers/0/env")).isEqualTo(json("[{'name':'A','value':'1'},{'name':'B','value':'3'}]"));
    }

    @Test
    void nullDeletesAFieldAndMapsMerge() {
        JsonNode out = smp(POD, "{'metadata':{'labels':{'a':'1','b':'2'}},'spec':{'nodeName':'n1','restartPolicy':'Always'}}",
                "{'metadata':{'labels':{'a':null,'c':'3'}},'spec':{'nodeName':null}}");
        assertThat(out).isEqualTo(json("{'metadata':{'labels':{'b':'2','c':'3'}},'spec':{'restartPolicy':'Always'}}"));
    }

    @Test
    void deleteDirectiveRemovesMatchingListItems() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'nginx','image':'nginx-1.0'},{'name':'log-tailer','image':'t'}]}}",
                "{'spec':{'containers':[{'name':'log-tailer','$patch':'delete'}]}}");
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'nginx','image':'nginx-1.0'}]"));
    }

    @Test
    void replaceElementReplacesAMergeList() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}}",
                "{'spec':{'containers':[{'name':'nginx','image':'nginx-1.0'},{'$patch':'replace'}]}}");
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'nginx','image':'nginx-1.0'}]"));
    }

    @Test
    void replaceDirectiveOnAMapReplacesItLiterally() {
        JsonNode out = smp(POD, "{'spec':{'nodeName':'n','containers':[{'name':'a'}]}}",
                "{'spec':{'$patch':'replace','containers':[{'name':'nginx','image':'nginx-1.0'}]}}");
        assertThat(out).isEqualTo(json("{'spec':{'containers':[{'name':'nginx','image':'nginx-1.0'}]}}"));
    }

    @Test
    void deleteDirectiveOnAMapRemovesIt() {
        JsonNode out = smp(DEPLOYMENT, "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'1'}}}}",
                "{'spec':{'strategy':{'rollingUpdate':{'$patch':'delete'}}}}");
        assertThat(out).isEqualTo(json("{'spec':{'strategy':{'type':'RollingUpdate'}}}"));
    }

    @Test
    void primitiveMergeListsAreSetsWithParallelDeletion() {
        JsonNode out = smp(POD, "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'finalizers':['c','d','d'],'$deleteFromPrimitiveList/finalizers':['b']}}");
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['a','c','d']"));
        JsonNode deleted = smp(POD, "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','c']}}");
        assertThat(deleted.at("/metadata/finalizers")).isEqualTo(json("['a']"));
    }

    @Test
    void primitiveListsWithoutMergeStrategyAreReplaced() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'a','command':['sh','-c']}]}}",
                "{'spec':{'containers':[{'name':'a','command':['true']}]}}");
        assertThat(out.at("/spec/containers/0/command")).isEqualTo(json("['true']"));
    }

    @Test
    void setElementOrderReordersPrimitives() {
        JsonNode out = smp(POD, "{'metadata':{'finalizers':['a','b','c']}}",
                "{'metadata':{'$setElementOrder/finalizers':['b','c','a']}}");
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['b','c','a']"));
    }

    @Test
    void setElementOrderReordersMapsByMergeKey() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b'},{'name':'c'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'c'},{'name':'a'}],"
                        + "'containers':[{'name':'a','image':'2'}]}}");
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'b'},{'name':'c'},{'name':'a','image':'2'}]"));
    }

    @Test
    void withoutOrderDirectiveServerOnlyItemsInterleaveByTheirLivePosition() {
        // The preserve-order proposal's example: live B, C, A; patch A', B', D => C, A', B', D.
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'B'},{'name':'C'},{'name':'A'}]}}",
                "{'spec':{'containers':[{'name':'A','image':'1'},{'name':'B','image':'1'},{'name':'D'}]}}");
        assertThat(out.at("/spec/containers").findValuesAsText("name")).containsExactly("C", "A", "B", "D");
    }

    @Test
    void setElementOrderWithServerOnlyItemsKeepsThemAndDeletes() {
        JsonNode out = smp(POD, "{'spec':{'containers':[{'name':'ENV2'},{'name':'ENV5'},{'name':'ENV1'},{'name':'ENV3'},"
                        + "{'name':'ENV4'}]}}",
                "{'spec':{'$setElementOrder/containers':[{'name':'ENV1'},{'name':'ENV2'},{'name':'ENV6'}],"
                        + "'containers':[{'name':'ENV3','$patch':'delete'},{'name':'ENV6','image':'new'}]}}");
        // Patch items follow $setElementOrder; server-only items are interleaved by live position
        // (ENV5 was before ENV1 on the server, ENV4 after ENV2).
        assertThat(out.at("/spec/containers").findValuesAsText("name"))
                .containsExactly("ENV5", "ENV1", "ENV2", "ENV6", "ENV4");
    }

    @Test
    void setElementOrderMustListEveryPatchItem() {
        assertThatThrownBy(() -> smp(POD, "{}", "{'metadata':{'$setElementOrder/finalizers':['a'],'finalizers':['a','b']}}"))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void retainKeysClearsFieldsNotListed() {
        JsonNode out = smp(POD, "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
                "{'spec':{'volumes':[{'name':'v','$retainKeys':['hostPath','name'],'hostPath':{'path':'/tmp'}}]}}");
        assertThat(out.at("/spec/volumes")).isEqualTo(json("[{'name':'v','hostPath':{'path':'/tmp'}}]"));

        JsonNode strategy = smp(DEPLOYMENT, "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'1'}}}}",
                "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}");
        assertThat(strategy.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    }

    @Test
    void retainKeysMustCoverThePatchContent() {
        assertThatThrownBy(() -> smp(DEPLOYMENT, "{}", "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("retainKeys");
                });
    }

    @Test
    void schemaLessPartsKeepUnknownFieldsWithMergePatchSemantics() {
        JsonNode out = smp(POD, "{'spec':{'extra':{'a':1,'list':[{'name':'x'}]}},'custom':{'keep':true}}",
                "{'spec':{'extra':{'b':2,'list':[{'name':'y'}]}},'custom':{'new':1}}");
        assertThat(out).isEqualTo(json("{'spec':{'extra':{'a':1,'list':[{'name':'y'}],'b':2}},'custom':{'keep':true,'new':1}}"));
        assertThat(StrategicMergePatch.apply(json("{'a':[1,2],'b':{'c':1}}"), json("{'a':[3],'b':{'d':null,'e':1}}"), null))
                .isEqualTo(json("{'a':[3],'b':{'c':1,'e':1}}"));
    }

    @Test
    void doesNotMutateInputs() {
        JsonNode original = json(PATCH_DEMO);
        JsonNode patch = json("{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'x'}]}}}}");
        JsonNode originalCopy = original.deepCopy();
        JsonNode patchCopy = patch.deepCopy();
        StrategicMergePatch.apply(original, patch, DEPLOYMENT);
        assertThat(original).isEqualTo(originalCopy);
        assertThat(patch).isEqualTo(patchCopy);
    }

    @Test
    void malformedPatchesAreBadRequests() {
        for (String patch : new String[] {
                "[]",
                "{'spec':{'$patch':'explode'}}",
                "{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}",
                "{'spec':{'strategy':{'$retainKeys':'type'}}}",
                "{'spec':{'containers':['not-a-map']}}"}) {
            assertThatThrownBy(() -> smp(patch.contains("strategy") ? DEPLOYMENT : POD, "{'spec':{}}", patch)).as(patch)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
        }
    }

    @Test
    void mergeItemWithoutMergeKeyIsUnprocessable() {
        assertThatThrownBy(() -> smp(POD, "{'spec':{'containers':[{'name':'a'}]}}", "{'spec':{'containers':[{'image':'x'}]}}"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("does not contain declared merge key: name");
                });
    }
}
