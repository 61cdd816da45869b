package io.jube.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jube.api.Json;
import io.jube.api.catalogue.Catalogue;
import io.jube.api.catalogue.ResourceDef;
import io.jube.api.schema.Schema.Type;
import org.junit.jupiter.api.Test;

class SchemaRegistryTest {
    private static Schema at(Schema s, String... path) {
        Schema cur = s;
        for (String p : path) {
            cur = p.equals("[]") ? cur.items() : cur.property(p);
            assertThat(cur).as("step %s", p).isNotNull();
        }
        return cur;
    }

    @Test
    void podFieldsFollowJacksonNamesAndKubernetesTypes() {
        Schema pod = SchemaRegistry.forClass(Pod.class);
        assertThat(pod.type()).isEqualTo(Type.OBJECT);
        assertThat(pod.typeName()).isEqualTo("io.k8s.api.core.v1.Pod");
        assertThat(pod.properties().keySet()).containsExactly("apiVersion", "kind", "metadata", "spec", "status");
        assertThat(pod.description()).startsWith("Pod is a collection of containers");

        Schema containers = at(pod, "spec", "containers");
        assertThat(containers.type()).isEqualTo(Type.LIST);
        assertThat(containers.patchStrategy()).isEqualTo("merge");
        assertThat(containers.patchMergeKey()).isEqualTo("name");
        assertThat(containers.listType()).isEqualTo("map");
        assertThat(containers.listMapKeys()).containsExactly("name");
        assertThat(containers.items().typeName()).isEqualTo("io.k8s.api.core.v1.Container");
        assertThat(containers.items().required()).containsExactly("name");

        Schema ports = at(containers, "[]", "ports");
        assertThat(ports.patchMergeKey()).isEqualTo("containerPort");
        assertThat(ports.listMapKeys()).containsExactly("containerPort", "protocol");
        assertThat(at(ports, "[]", "containerPort").format()).isEqualTo("int32");
        assertThat(at(containers, "[]", "env").patchMergeKey()).isEqualTo("name");
        assertThat(at(containers, "[]", "volumeMounts").patchMergeKey()).isEqualTo("mountPath");
        assertThat(at(containers, "[]", "command").listType()).isEqualTo("atomic");

        Schema limits = at(containers, "[]", "resources", "limits");
        assertThat(limits.type()).isEqualTo(Type.MAP);
        assertThat(limits.items().type()).isEqualTo(Type.INT_OR_STRING);
        assertThat(limits.items().format()).isEqualTo("quantity");
        assertThat(limits.items().typeName()).isEqualTo("io.k8s.apimachinery.pkg.api.resource.Quantity");

        Schema probePort = at(containers, "[]", "livenessProbe", "httpGet", "port");
        assertThat(probePort.type()).isEqualTo(Type.INT_OR_STRING);
        assertThat(probePort.typeName()).isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");

        Schema volumes = at(pod, "spec", "volumes");
        assertThat(volumes.patchStrategy()).isEqualTo("merge,retainKeys");
        assertThat(at(pod, "spec", "tolerations").listType()).isEqualTo("atomic");
        Schema tsc = at(pod, "spec", "topologySpreadConstraints");
        assertThat(tsc.listMapKeys()).containsExactly("topologyKey", "whenUnsatisfiable");
        assertThat(at(pod, "status", "conditions").patchMergeKey()).isEqualTo("type");
        assertThat(at(pod, "status", "startTime").format()).isEqualTo("date-time");
        assertThat(at(pod, "spec", "nodeSelector").items().type()).isEqualTo(Type.STRING);
    }

    @Test
    void metadataIsObjectMetaWithItsListSemantics() {
        Schema meta = SchemaRegistry.forClass(Deployment.class).property("metadata");
        assertThat(meta.typeName()).isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
        assertThat(meta.description()).isEqualTo("Standard object's metadata.");
        assertThat(meta.property("finalizers").listType()).isEqualTo("set");
        assertThat(meta.property("finalizers").patchStrategy()).isEqualTo("merge");
        assertThat(meta.property("ownerReferences").patchMergeKey()).isEqualTo("uid");
        assertThat(meta.property("creationTimestamp").format()).isEqualTo("date-time");
        assertThat(meta.property("labels").type()).isEqualTo(Type.MAP);
        assertThat(meta.property("managedFields").items().property("fieldsV1").type()).isEqualTo(Type.ANY);
        // the shared ObjectMeta node has no field-level description of its own
        assertThat(SchemaRegistry.forClass(ObjectMeta.class).description()).startsWith("ObjectMeta is metadata");
    }

    @Test
    void deploymentStrategyRetainsKeysAndServicePortsMergeByPort() {
        Schema spec = SchemaRegistry.forClass(Deployment.class).property("spec");
        assertThat(spec.required()).containsExactly("selector", "template");
        assertThat(spec.property("strategy").patchStrategy()).isEqualTo("retainKeys");
        assertThat(spec.property("strategy").typeName()).isEqualTo("io.k8s.api.apps.v1.DeploymentStrategy");
        assertThat(SchemaRegistry.forClass(Service.class).property("spec").property("ports").listMapKeys())
                .containsExactly("port", "protocol");
        assertThat(SchemaRegistry.forClass(Service.class).property("spec").property("selector").mapType())
                .isEqualTo("atomic");
    }

    @Test
    void schemasAreCachedPerClassAndRecursiveTypesTerminate() {
        assertThat(SchemaRegistry.forClass(Pod.class)).isSameAs(SchemaRegistry.forClass(Pod.class));
        Schema crd = SchemaRegistry.forClass(CustomResourceDefinition.class);
        Schema props = at(crd, "spec", "versions", "[]", "schema", "openAPIV3Schema");
        assertThat(props.property("properties").items()).isSameAs(props);
        assertThat(props.property("x-kubernetes-preserve-unknown-fields").type()).isEqualTo(Type.BOOLEAN);
        assertThat(props.property("default").type()).isEqualTo(Type.ANY);
    }

    @Test
    void everyBuiltInResourceHasANamedObjectSchema() {
        for (ResourceDef def : Catalogue.builtIn().all()) {
            Schema s = SchemaRegistry.forResource(def);
            assertThat(s.type()).as(def.kind()).isEqualTo(Type.OBJECT);
            assertThat(s.typeName()).as(def.kind()).endsWith("." + def.kind());
            assertThat(s.properties()).as(def.kind()).containsKeys("apiVersion", "kind", "metadata");
        }
    }

    @Test
    void crdSchemaHonoursTypesAndKubernetesExtensions() {
        Schema s = SchemaRegistry.fromOpenApiV3(Json.parse("""
                {"type":"object","required":["spec"],"properties":{
                  "spec":{"type":"object","properties":{
                    "replicas":{"type":"integer","format":"int32"},
                    "port":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}]},
                    "labels":{"type":"object","additionalProperties":{"type":"string"},"x-kubernetes-map-type":"atomic"},
                    "items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                             "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"}}}},
                    "raw":{"x-kubernetes-preserve-unknown-fields":true},
                    "open":{"type":"object","x-kubernetes-preserve-unknown-fields":true,
                            "properties":{"a":{"type":"boolean"}}},
                    "tmpl":{"type":"object","x-kubernetes-embedded-resource":true,
                            "x-kubernetes-preserve-unknown-fields":true}}}}}
                """.getBytes()));
        assertThat(s.required()).containsExactly("spec");
        Schema spec = s.property("spec");
        assertThat(spec.property("replicas").type()).isEqualTo(Type.INTEGER);
        assertThat(spec.property("port").type()).isEqualTo(Type.INT_OR_STRING);
        assertThat(spec.property("labels").type()).isEqualTo(Type.MAP);
        assertThat(spec.property("labels").mapType()).isEqualTo("atomic");
        Schema items = spec.property("items");
        assertThat(items.listType()).isEqualTo("map");
        assertThat(items.listMapKeys()).containsExactly("name");
        assertThat(items.items().required()).containsExactly("name");
        assertThat(spec.property("raw").type()).isEqualTo(Type.ANY);
        assertThat(spec.property("raw").preserveUnknownFields()).isTrue();
        assertThat(spec.property("open").type()).isEqualTo(Type.OBJECT);
        assertThat(spec.property("open").preserveUnknownFields()).isTrue();
        assertThat(spec.property("tmpl").embeddedResource()).isTrue();
        assertThat(spec.property("replicas").preserveUnknownFields()).isFalse();
    }

    @Test
    void registeredCustomResourceGetsStandardRootFields() {
        Schema declared = SchemaRegistry.fromOpenApiV3(Json.parse(
                "{\"type\":\"object\",\"properties\":{\"spec\":{\"type\":\"object\"}}}".getBytes()));
        SchemaRegistry.registerCustom("stable.example.com", "v1", "CronTab", declared);
        ResourceDef def = new Catalogue.Builder("stable.example.com", "v1", "crontabs", "CronTab").build();
        Schema s = SchemaRegistry.forResource(def);
        assertThat(s.typeName()).isEqualTo("com.example.stable.v1.CronTab");
        assertThat(s.properties().keySet()).containsExactly("apiVersion", "kind", "metadata", "spec");
        assertThat(s.property("metadata").typeName()).endsWith("meta.v1.ObjectMeta");

        SchemaRegistry.unregisterCustom("stable.example.com", "CronTab");
        Schema open = SchemaRegistry.forResource(def);
        assertThat(open.properties().keySet()).containsExactly("apiVersion", "kind", "metadata");
        assertThat(open.preserveUnknownFields()).isTrue();
    }

    @Test
    void badCrdSchemasGetClearErrors() {
        assertThatThrownBy(() -> SchemaRegistry.fromOpenApiV3(Json.parse("[1]".getBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an object");
        assertThatThrownBy(() -> SchemaRegistry.fromOpenApiV3(Json.parse(
                "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"date\"}}}".getBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported schema type");
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            deep.append("{\"type\":\"object\",\"properties\":{\"x\":");
        }
        deep.append("{\"type\":\"string\"}").append("}}".repeat(100));
        assertThatThrownBy(() -> SchemaRegistry.fromOpenApiV3(Json.parse(deep.toString().getBytes())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nested deeper");
    }
}
