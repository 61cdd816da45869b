package io.jube.api.printers;

import static io.jube.api.printers.Rows.ago;
import static io.jube.api.printers.Rows.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrdColumnsTest {
    private static final JsonNode OBJ = json("{'metadata':{'name':'db1','creationTimestamp':'" + ago(Duration.ofMinutes(20)) + "'},"
            + "'spec':{'replicas':3,'version':'15.2','ratio':0.5,'enabled':true,'tags':['b','a'],'config':{'z':1,'a':'x'}},"
            + "'status':{'conditions':[{'type':'Synced','status':'False'},{'type':'Ready','status':'True','reason':'Up'}]}}");

    @Test
    void defaultIsNameAndDateAge() {
        List<Column> cols = Printers.columnsFromCrd(null);
        assertThat(cols).extracting(Column::name).containsExactly("Name", "Age");
        assertThat(cols.get(1).type()).isEqualTo("date");
        assertThat(Rows.row(cols, OBJ)).containsEntry("Name", "db1").containsEntry("Age", "20m");
        assertThat(Printers.columnsFromCrd(json("[]"))).extracting(Column::name).containsExactly("Name", "Age");
    }

    @Test
    void declaredColumnsWithTypesFormatsAndPriorities() {
        List<Column> cols = Printers.columnsFromCrd(json("["
                + "{'name':'Replicas','type':'integer','jsonPath':'.spec.replicas'},"
                + "{'name':'Version','type':'string','jsonPath':'.spec.version','priority':1,'description':'PG version'},"
                + "{'name':'Ready','type':'string','jsonPath':'.status.conditions[?(@.type==\\'Ready\\')].status'},"
                + "{'name':'Reason','type':'string','jsonPath':'.status.conditions[?(@.type==\\\"Ready\\\")].reason'},"
                + "{'name':'Ratio','type':'number','jsonPath':'.spec.ratio'},"
                + "{'name':'On','type':'boolean','jsonPath':'.spec.enabled'},"
                + "{'name':'Tags','type':'string','jsonPath':'.spec.tags'},"
                + "{'name':'Config','type':'string','jsonPath':'.spec.config'},"
                + "{'name':'Count','type':'string','jsonPath':'.spec.replicas'},"
                + "{'name':'Missing','type':'string','jsonPath':'.status.nothing'},"
                + "{'name':'WrongType','type':'integer','jsonPath':'.spec.version'},"
                + "{'name':'Created','type':'date','jsonPath':'.metadata.creationTimestamp','format':'date-time'}]"));
        assertThat(cols.get(2).priority()).isEqualTo(1);
        assertThat(cols.get(2).description()).isEqualTo("PG version");
        assertThat(cols.get(1).description()).isEqualTo("Custom resource definition column (in JSONPath format): .spec.replicas");
        assertThat(cols.get(12).format()).isEqualTo("date-time");
        Map<String, Object> r = Rows.row(cols, OBJ);
        assertThat(r).containsEntry("Replicas", 3L).containsEntry("Version", "15.2").containsEntry("Ready", "True")
                .containsEntry("Reason", "Up").containsEntry("Ratio", 0.5).containsEntry("On", true)
                .containsEntry("Tags", "[\"b\",\"a\"]").containsEntry("Config", "{\"a\":\"x\",\"z\":1}")
                .containsEntry("Count", "3").containsEntry("Missing", null).containsEntry("WrongType", null)
                .containsEntry("Created", "20m");
    }

    @Test
    void jsonPathSubset() {
        assertThat(JsonPath.compile(".spec.tags[0]").find(OBJ)).extracting(JsonNode::asText).containsExactly("b");
        assertThat(JsonPath.compile(".spec.tags[-1]").find(OBJ)).extracting(JsonNode::asText).containsExactly("a");
        assertThat(JsonPath.compile(".spec.tags[*]").find(OBJ)).extracting(JsonNode::asText).containsExactly("b", "a");
        assertThat(JsonPath.compile("{.spec['version']}").find(OBJ)).extracting(JsonNode::asText).containsExactly("15.2");
        assertThat(JsonPath.compile("$.status.conditions[0:1].type").find(OBJ)).extracting(JsonNode::asText).containsExactly("Synced");
        assertThat(JsonPath.compile("..reason").find(OBJ)).extracting(JsonNode::asText).containsExactly("Up");
        assertThat(JsonPath.compile(".status.conditions[?(@.reason)].type").find(OBJ)).extracting(JsonNode::asText)
                .containsExactly("Ready");
        assertThat(JsonPath.compile(".status.conditions[?(@.type!='Ready')].type").find(OBJ)).extracting(JsonNode::asText)
                .containsExactly("Synced");
        assertThat(JsonPath.compile(".spec.missing.deeper").find(OBJ)).isEmpty();
        assertThatThrownBy(() -> JsonPath.compile(".spec[")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonPath.compile(".spec.")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unparsablePathFallsBackToDefaultColumns() {
        assertThat(Printers.columnsFromCrd(json("[{'name':'X','type':'string','jsonPath':'.spec['}]")))
                .extracting(Column::name).containsExactly("Name", "Age");
    }
}
