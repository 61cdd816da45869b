package io.jube.api.patch;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
    private static final JsonNode POD = json("{'metadata':{'name':'p','labels':{'app':'web','a/b':'1','c~d':'2'}},"
            + "'spec':{'containers':[{'name':'a','image':'nginx'},{'name':'b','image':'busybox'}]}}");

    private static JsonNode apply(JsonNode target, String patch) {
        return JsonPatch.apply(target, json(patch));
    }

    @Test
    void addSetsMemberAndInsertsIntoArrays() {
        JsonNode out = apply(POD, "[{'op':'add','path':'/metadata/labels/tier','value':'front'},"
                + "{'op':'add','path':'/spec/containers/1','value':{'name':'mid'}},"
                + "{'op':'add','path':'/spec/containers/-','value':{'name':'last'}}]");
        assertThat(out.at("/metadata/labels/tier").asText()).isEqualTo("front");
        assertThat(out.at("/spec/containers").findValuesAsText("name")).containsExactly("a", "mid", "b", "last");
    }

    @Test
    void addReplacesExistingMemberAndWholeDocument() {
        assertThat(apply(POD, "[{'op':'add','path':'/metadata/name','value':'q'}]").at("/metadata/name").asText())
                .isEqualTo("q");
        assertThat(apply(POD, "[{'op':'add','path':'','value':{'x':1}}]")).isEqualTo(json("{'x':1}"));
    }

    @Test
    void escapedPointerTokensAddressKeysWithSlashAndTilde() {
        JsonNode out = apply(POD, "[{'op':'replace','path':'/metadata/labels/a~1b','value':'9'},"
                + "{'op':'remove','path':'/metadata/labels/c~0d'}]");
        assertThat(out.at("/metadata/labels")).isEqualTo(json("{'app':'web','a/b':'9'}"));
    }

    @Test
    void removeAndReplaceArrayElements() {
        JsonNode out = apply(POD, "[{'op':'remove','path':'/spec/containers/0'},"
                + "{'op':'replace','path':'/spec/containers/0/image','value':'alpine'}]");
        assertThat(out.at("/spec/containers")).isEqualTo(json("[{'name':'b','image':'alpine'}]"));
    }

    @Test
    void moveAndCopy() {
        JsonNode out = apply(POD, "[{'op':'copy','from':'/metadata/labels/app','path':'/metadata/labels/copy'},"
                + "{'op':'move','from':'/spec/containers/0','path':'/spec/containers/-'}]");
        assertThat(out.at("/metadata/labels/copy").asText()).isEqualTo("web");
        assertThat(out.at("/metadata/labels/app").asText()).isEqualTo("web");
        assertThat(out.at("/spec/containers").findValuesAsText("name")).containsExactly("b", "a");
    }

    @Test
    void moveIntoOwnChildIsRejected() {
        assertThatThrownBy(() -> apply(POD, "[{'op':'move','from':'/spec','path':'/spec/containers/x'}]"))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(422));
    }

    @Test
    void testOperationPassesOnEqualValuesAndComparesNumbersByValue() {
        JsonNode doc = json("{'n':1,'o':{'a':1,'b':[1,2]}}");
        assertThat(apply(doc, "[{'op':'test','path':'/n','value':1.0},{'op':'test','path':'/o','value':{'b':[1,2],'a':1}}]"))
                .isEqualTo(doc);
    }

    @Test
    void failedTestIs422AndLeavesInputUntouched() {
        JsonNode before = POD.deepCopy();
        assertThatThrownBy(() -> apply(POD, "[{'op':'replace','path':'/metadata/name','value':'z'},"
                + "{'op':'test','path':'/metadata/name','value':'p'}]"))
                .isInstanceOfSatisfying(PatchException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("/metadata/name");
                });
        assertThat(POD).isEqualTo(before);
    }

    @Test
    void missingPathsAre422() {
        for (String patch : new String[] {
                "[{'op':'remove','path':'/metadata/nope'}]",
                "[{'op':'replace','path':'/spec/nope','value':1}]",
                "[{'op':'add','path':'/missing/child','value':1}]",
                "[{'op':'add','path':'/spec/containers/5','value':1}]",
                "[{'op':'remove','path':'/spec/containers/01'}]",
                "[{'op':'copy','from':'/nope','path':'/x'}]"}) {
            assertThatThrownBy(() -> apply(POD, patch)).as(patch)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(422));
        }
    }

    @Test
    void malformedDocumentsAre400() {
        for (String patch : new String[] {
                "{'op':'add'}",
                "[{'path':'/a','value':1}]",
                "[{'op':'add','path':'/a'}]",
                "[{'op':'frobnicate','path':'/a'}]",
                "[{'op':'add','path':'a','value':1}]",
                "[{'op':'add','path':'/a~2','value':1}]",
                "[{'op':'move','path':'/a'}]",
                "[1]"}) {
            assertThatThrownBy(() -> apply(POD, patch)).as(patch)
                    .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
        }
    }

    @Test
    void operationsApplyInOrder() {
        JsonNode out = apply(json("{}"), "[{'op':'add','path':'/a','value':[]},{'op':'add','path':'/a/-','value':1},"
                + "{'op':'add','path':'/a/0','value':0},{'op':'test','path':'/a','value':[0,1]}]");
        assertThat(out).isEqualTo(json("{'a':[0,1]}"));
    }
}
