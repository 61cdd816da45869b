package io.jube.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static JsonNode json(String s) {
        return Json.parse(s.replace('\'', '"').getBytes());
    }

    @Test
    void parsesEveryOperatorAndPrintsCanonicalForm() {
        LabelSelector s = LabelSelector.parse(" tier notin (cache) , app = web,env in (prod, dev),!legacy,release,x==1,y!=2");
        assertThat(s.toString()).isEqualTo("app=web,env in (dev,prod),!legacy,release,tier notin (cache),x==1,y!=2");
        assertThat(s.requirements()).hasSize(7);
    }

    @Test
    void matchesLabelsPerOperator() {
        LabelSelector s = LabelSelector.parse("app=web,env in (prod,dev),tier notin (cache),!legacy,release");
        assertThat(s.matches(Map.of("app", "web", "env", "prod", "release", "1"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "env", "prod", "release", "1", "tier", "cache"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "env", "prod", "release", "1", "legacy", ""))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "env", "qa", "release", "1"))).isFalse();
        assertThat(s.matches(Map.of("app", "web", "env", "prod"))).isFalse();
        // != and notin also match objects without the label
        assertThat(LabelSelector.parse("a!=b").matches(Map.of())).isTrue();
        assertThat(LabelSelector.parse("a notin (b)").matches(Map.of())).isTrue();
    }

    @Test
    void emptyValuesAndKeywordsAsValues() {
        assertThat(LabelSelector.parse("a=").matches(Map.of("a", ""))).isTrue();
        assertThat(LabelSelector.parse("a in (in,notin)").matches(Map.of("a", "notin"))).isTrue();
        assertThat(LabelSelector.parse("a in (,b)").toString()).isEqualTo("a in (,b)");
        assertThat(LabelSelector.parse("a in ()").matches(Map.of("a", ""))).isTrue();
    }

    @Test
    void greaterAndLessThanCompareIntegers() {
        assertThat(LabelSelector.parse("n>5").matches(Map.of("n", "7"))).isTrue();
        assertThat(LabelSelector.parse("n>5").matches(Map.of("n", "x"))).isFalse();
        assertThat(LabelSelector.parse("n<5").matches(Map.of("n", "3"))).isTrue();
        assertThatThrownBy(() -> LabelSelector.parse("environment>qa"))
                .isInstanceOf(SelectorException.class)
                .hasMessage("unable to parse requirement: values[0]: Invalid value: \"qa\": "
                        + "for 'Gt', 'Lt' operators, the value must be an integer");
    }

    @Test
    void emptyStringSelectsEverything() {
        assertThat(LabelSelector.parse("").isEverything()).isTrue();
        assertThat(LabelSelector.parse("  ").matches(Map.of("a", "b"))).isTrue();
    }

    @Test
    void badInputGetsKubernetesMessages() {
        assertThatThrownBy(() -> LabelSelector.parse("app:monolith")).isInstanceOf(SelectorException.class)
                .hasMessageStartingWith("unable to parse requirement: <nil>: Invalid value: \"app:monolith\": "
                        + "name part must consist of alphanumeric characters");
        assertThatThrownBy(() -> LabelSelector.parse("app.kubernetes_io/name=x"))
                .hasMessageStartingWith("unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": "
                        + "prefix part a lowercase RFC 1123 subdomain");
        assertThatThrownBy(() -> LabelSelector.parse("a=b c")).hasMessage("found 'c', expected: ',' or 'end of string'");
        assertThatThrownBy(() -> LabelSelector.parse("a=b,")).hasMessage("found '', expected: identifier after ','");
        assertThatThrownBy(() -> LabelSelector.parse("a in b"))
                .hasMessage("unable to parse requirement: found 'b' expected: '('");
        assertThatThrownBy(() -> LabelSelector.parse("a in (b")).hasMessage(
                "unable to parse requirement: found '', expected: ',' or ')'");
        assertThatThrownBy(() -> LabelSelector.parse("a (b)")).hasMessage(
                "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt");
        assertThatThrownBy(() -> LabelSelector.parse("=a")).hasMessage(
                "found '=', expected: !, identifier, or 'end of string'");
        assertThatThrownBy(() -> LabelSelector.parse("a=b/c")).hasMessageStartingWith(
                "unable to parse requirement: values[0]: Invalid value: \"b/c\": a valid label must be an empty string");
        assertThatThrownBy(() -> LabelSelector.parse("a/b/c=d")).hasMessageStartingWith(
                "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist");
    }

    @Test
    void structuredSelectorNullSelectsNothingEmptySelectsEverything() {
        assertThat(LabelSelector.fromJson(null).matches(Map.of())).isFalse();
        assertThat(LabelSelector.fromJson(json("null")).isNothing()).isTrue();
        assertThat(LabelSelector.fromJson(json("{}")).matches(Map.of("x", "y"))).isTrue();
        assertThat(LabelSelector.fromJson(json("{}")).toString()).isEmpty();
    }

    @Test
    void structuredSelectorWithLabelsAndExpressions() {
        LabelSelector s = LabelSelector.fromJson(json("{'matchLabels':{'app':'web'},'matchExpressions':["
                + "{'key':'env','operator':'In','values':['prod','dev']},{'key':'tier','operator':'NotIn','values':['x']},"
                + "{'key':'gpu','operator':'Exists'},{'key':'old','operator':'DoesNotExist'}]}"));
        assertThat(s.toString()).isEqualTo("app=web,env in (dev,prod),gpu,!old,tier notin (x)");
        JsonNode pod = json("{'metadata':{'labels':{'app':'web','env':'dev','gpu':'1'}}}");
        assertThat(s.matches(pod)).isTrue();
        assertThat(s.matches(json("{'metadata':{'labels':{'app':'web','env':'dev'}}}"))).isFalse();
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{'matchExpressions':[{'key':'a','operator':'Foo'}]}")))
                .hasMessage("\"Foo\" is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelector.fromJson(json("{'matchExpressions':[{'key':'a','operator':'In'}]}")))
                .hasMessage("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty");
    }

    @Test
    void fromMapBuildsEqualityRequirements() {
        LabelSelector s = LabelSelector.fromMap(Map.of("b", "2", "a", "1"));
        assertThat(s.toString()).isEqualTo("a=1,b=2");
        assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
        assertThat(LabelSelector.fromMap(Map.of()).isEverything()).isTrue();
    }
}
