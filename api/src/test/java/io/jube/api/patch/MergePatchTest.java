package io.jube.api.patch;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class MergePatchTest {
    private static void check(String target, String patch, String expected) {
        assertThat(MergePatch.apply(json(target), json(patch))).as(patch).isEqualTo(json(expected));
    }

    @Test
    void rfc7386Examples() {
        check("{'a':'b'}", "{'a':'c'}", "{'a':'c'}");
        check("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}");
        check("{'a':'b'}", "{'a':null}", "{}");
        check("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}");
        check("{'a':['b']}", "{'a':'c'}", "{'a':'c'}");
        check("{'a':'c'}", "{'a':['b']}", "{'a':['b']}");
        check("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}");
        check("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}");
        check("{'e':null}", "{'a':1}", "{'e':null,'a':1}");
        check("{'a':'foo'}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}");
    }

    @Test
    void listsAreReplacedWholeNotMerged() {
        check("{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}", "{'spec':{'containers':[{'name':'c'}]}}",
                "{'spec':{'containers':[{'name':'c'}]}}");
    }

    @Test
    void doesNotMutateInputs() {
        JsonNode target = json("{'a':{'b':1}}");
        JsonNode patch = json("{'a':{'c':2}}");
        JsonNode out = MergePatch.apply(target, patch);
        assertThat(out).isEqualTo(json("{'a':{'b':1,'c':2}}"));
        assertThat(target).isEqualTo(json("{'a':{'b':1}}"));
        assertThat(patch).isEqualTo(json("{'a':{'c':2}}"));
    }

    @Test
    void nonObjectPatchIsBadRequest() {
        assertThatThrownBy(() -> MergePatch.apply(json("{}"), json("[1]")))
                .isInstanceOfSatisfying(PatchException.class, e -> assertThat(e.code()).isEqualTo(400));
    }
}
