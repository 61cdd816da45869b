package io.jube.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.jube.api.strategy.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectMetaValidationTest {
    private static List<FieldError> check(String yaml, boolean namespaced) {
        return ObjectMetaValidation.validate(T.yaml(yaml), namespaced, NameRule.DNS1123_SUBDOMAIN);
    }

    @Test
    void validMetadataHasNoErrors() {
        assertThat(check("""
                metadata:
                  name: web
                  namespace: default
                  labels: {app.kubernetes.io/name: web, tier: ""}
                  annotations: {example.com/Owner: me}
                  finalizers: [example.com/cleanup, kubernetes]
                  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u1, controller: true}]
                """, true)).isEmpty();
    }

    @Test
    void nameIsRequiredAndChecked() {
        assertThat(check("metadata: {namespace: default}", true))
                .containsExactly(FieldError.required("metadata.name", "name or generateName is required"));
        List<FieldError> errs = check("metadata: {name: Foo_Bar, namespace: default}", true);
        assertThat(errs).hasSize(1);
        assertThat(errs.get(0).field()).isEqualTo("metadata.name");
        assertThat(errs.get(0).type()).isEqualTo("FieldValueInvalid");
        assertThat(errs.get(0).message()).isEqualTo("Invalid value: \"Foo_Bar\": a lowercase RFC 1123 subdomain must "
                + "consist of lower case alphanumeric characters, '-' or '.', and must start and end with an "
                + "alphanumeric character (e.g. 'example.com', regex used for validation is "
                + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
        assertThat(check("metadata: {generateName: Web-, namespace: default}", true))
                .extracting(FieldError::field).containsExactly("metadata.generateName");
    }

    @Test
    void namespaceFollowsScope() {
        assertThat(check("metadata: {name: a}", true)).containsExactly(FieldError.required("metadata.namespace"));
        assertThat(check("metadata: {name: a, namespace: x}", false))
                .containsExactly(FieldError.forbidden("metadata.namespace", "not allowed on this type"));
    }

    @Test
    void labelsAnnotationsAndFinalizers() {
        List<FieldError> errs = check("""
                metadata:
                  name: a
                  labels: {"bad key!": ok, good: "bad value!"}
                  annotations: {"-x": y}
                  finalizers: ["a/b/c"]
                """, false);
        assertThat(errs).extracting(FieldError::field)
                .containsExactly("metadata.labels", "metadata.labels", "metadata.annotations", "metadata.finalizers");
        assertThat(errs.get(0).message()).startsWith("Invalid value: \"bad key!\": name part must consist");
        assertThat(errs.get(1).message()).startsWith("Invalid value: \"bad value!\": a valid label must be");
    }

    @Test
    void annotationsAreLimitedTo256KiB() {
        String big = "x".repeat(256 * 1024);
        List<FieldError> errs = check("metadata: {name: a, annotations: {k: " + big + "}}", false);
        assertThat(errs).containsExactly(new FieldError("FieldValueTooLong", "metadata.annotations",
                "Too long: may not be more than 262144 bytes"));
    }

    @Test
    void ownerReferencesNeedIdentity() {
        List<FieldError> errs = check("metadata: {name: a, ownerReferences: [{apiVersion: '', kind: X}]}", false);
        assertThat(errs).extracting(FieldError::toString).containsExactly(
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": name must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": uid must not be empty");
        List<FieldError> two = check("""
                metadata:
                  name: a
                  ownerReferences:
                  - {apiVersion: v1, kind: A, name: a, uid: "1", controller: true}
                  - {apiVersion: v1, kind: B, name: b, uid: "2", controller: true}
                """, false);
        assertThat(two).singleElement().extracting(FieldError::message).asString()
                .endsWith("Only one reference can have Controller set to true. Found \"true\" in references for A/a and B/b");
    }

    @Test
    void updateKeepsIdentity() {
        List<FieldError> errs = ObjectMetaValidation.validateUpdate(T.yaml("metadata: {name: a, uid: '2'}"),
                T.yaml("metadata: {name: a, uid: '1'}"));
        assertThat(errs).containsExactly(FieldError.invalid("metadata.uid", "2", "field is immutable"));
    }
}
