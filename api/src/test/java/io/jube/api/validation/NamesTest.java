package io.jube.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void subdomainMessageIsKubernetesExactText() {
        assertThat(Names.isDns1123Subdomain("Foo_Bar")).containsExactly("a lowercase RFC 1123 subdomain must consist "
                + "of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric "
                + "character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(Names.isDns1123Subdomain("web.example.com")).isEmpty();
        assertThat(Names.isDns1123Subdomain("a".repeat(254))).containsExactly("must be no more than 253 characters");
    }

    @Test
    void labelMessageListsTwoExamples() {
        assertThat(Names.isDns1123Label("my.name")).containsExactly("a lowercase RFC 1123 label must consist of "
                + "lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
                + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
        assertThat(Names.isDns1123Label("123-abc")).isEmpty();
        assertThat(Names.isDns1035Label("1abc")).singleElement().asString()
                .startsWith("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
                        + "an alphabetic character");
    }

    @Test
    void qualifiedNamesHaveOptionalSubdomainPrefix() {
        assertThat(Names.isQualifiedName("app.kubernetes.io/name")).isEmpty();
        assertThat(Names.isQualifiedName("MyName")).isEmpty();
        assertThat(Names.isQualifiedName("Bad_Prefix/name")).singleElement().asString()
                .startsWith("prefix part a lowercase RFC 1123 subdomain");
        assertThat(Names.isQualifiedName("/name")).containsExactly("prefix part must be non-empty");
        assertThat(Names.isQualifiedName("a/b/c")).singleElement().asString()
                .startsWith("a qualified name must consist of alphanumeric characters")
                .endsWith("with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        assertThat(Names.isQualifiedName("x".repeat(64))).containsExactly("name part must be no more than 63 characters");
        assertThat(Names.isQualifiedName("-bad")).containsExactly("name part must consist of alphanumeric characters, "
                + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or "
                + "'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
    }

    @Test
    void labelValuesMayBeEmpty() {
        assertThat(Names.isLabelValue("")).isEmpty();
        assertThat(Names.isLabelValue("v1.2_x")).isEmpty();
        assertThat(Names.isLabelValue("bad value")).singleElement().asString()
                .startsWith("a valid label must be an empty string or consist of alphanumeric characters");
        assertThat(Names.isLabelValue("v".repeat(64))).contains("must be no more than 63 characters");
    }

    @Test
    void pathSegmentsConfigKeysAndPorts() {
        assertThat(Names.isPathSegmentName("system:controller:x", false)).isEmpty();
        assertThat(Names.isPathSegmentName("..", false)).containsExactly("may not be '..'");
        assertThat(Names.isPathSegmentName("a/b%", false)).containsExactly("may not contain '/'", "may not contain '%'");
        assertThat(Names.isConfigMapKey("game.properties")).isEmpty();
        assertThat(Names.isConfigMapKey("..x")).containsExactly("must not start with '..'");
        assertThat(Names.isConfigMapKey("a b")).singleElement().asString().startsWith("a valid config key must consist");
        assertThat(Names.isValidPortNum(0)).containsExactly("must be between 1 and 65535, inclusive");
        assertThat(Names.isValidPortName("http--x")).containsExactly("must not contain consecutive hyphens (--)");
        assertThat(Names.isValidPortName("8080")).containsExactly("must contain at least one letter (a-z)");
    }

    @Test
    void generateNamePrefixMayEndWithDash() {
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", true)).isEmpty();
        assertThat(NameRule.DNS1123_SUBDOMAIN.check("web-", false)).isNotEmpty();
    }
}
