package io.jube.api.apply;

import static io.jube.api.patch.TestJson.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.JsonValues;
import io.jube.api.patch.Schemas;
import io.jube.api.patch.TestSchema;
import io.jube.api.schema.Schema;
import io.jube.api.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link Fields} builds tries bottom-up; here it is checked against the definition it replaced,
 * which walks with an explicit path and collects copied paths into sets.
 */
class FieldsPathSetTest {
    static final Schema POD = TestSchema.pod();
    static final Schema REAL_POD = SchemaRegistry.forClass(io.fabric8.kubernetes.api.model.Pod.class);

    static final String PODJSON = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','namespace':'d','uid':'u',"
            + "'resourceVersion':'3','labels':{'app':'web','tier':'fe'},'annotations':{'a':'b'},'finalizers':['x','y'],"
            + "'ownerReferences':[{'uid':'o1','kind':'ReplicaSet','name':'rs'}]},"
            + "'spec':{'nodeName':'n1','restartPolicy':'Always','nodeSelector':{'disk':'ssd'},"
            + "'tolerations':[{'key':'k','operator':'Exists'}],"
            + "'volumes':[{'name':'v1','emptyDir':{}},{'name':'v2','configMap':{'name':'cm'}}],"
            + "'containers':[{'name':'app','image':'app:1','command':['sh','-c'],"
            + "'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP','name':'https'}],"
            + "'env':[{'name':'A','value':'1'},{'name':'B','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],"
            + "'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'500m'}},"
            + "'volumeMounts':[{'name':'v1','mountPath':'/data'}]},{'name':'sidecar','image':'envoy'}]},"
            + "'status':{'phase':'Running','conditions':[{'type':'Ready','status':'True'},{'type':'Initialized','status':'True'}]}}";

    /** The old definitions, path by path. */
    static final class PathSets {
        static boolean untracked(List<String> parent, String field) {
            if (parent.isEmpty()) {
                return Set.of("apiVersion", "kind").contains(field);
            }
            return parent.size() == 1 && parent.get(0).equals("f:metadata") && Set.of("name", "namespace", "uid",
                    "resourceVersion", "generation", "creationTimestamp", "managedFields", "selfLink").contains(field);
        }

        static Set<List<String>> of(JsonNode obj, Schema schema) {
            Set<List<String>> out = new LinkedHashSet<>();
            walk(obj, schema, new ArrayList<>(), out);
            return out;
        }

        static void walk(JsonNode value, Schema schema, List<String> path, Set<List<String>> out) {
            Shape shape = Shape.of(value, schema, path);
            switch (shape) {
                case SCALAR, ATOMIC -> {
                    if (!path.isEmpty()) {
                        out.add(List.copyOf(path));
                    }
                }
                case STRUCT, MAP -> {
                    if (value.isEmpty() && !path.isEmpty()) {
                        out.add(List.copyOf(path));
                    }
                    value.fields().forEachRemaining(e -> {
                        if (untracked(path, e.getKey())) {
                            return;
                        }
                        path.add("f:" + e.getKey());
                        walk(e.getValue(), Shape.child(schema, e.getKey()), path, out);
                        if (Shape.entryIsMember(shape, schema, e.getKey())) {
                            out.add(List.copyOf(path));
                        }
                        path.remove(path.size() - 1);
                    });
                }
                case LIST_MAP, SET -> {
                    for (int i = 0; i < value.size(); i++) {
                        path.add(Shape.element(shape, schema, value.get(i), i));
                        if (shape == Shape.LIST_MAP) {
                            walk(value.get(i), Schemas.items(schema), path, out);
                        }
                        out.add(List.copyOf(path));
                        path.remove(path.size() - 1);
                    }
                }
            }
        }

        static void whole(JsonNode value, Schema schema, List<String> path, boolean member, Set<List<String>> out) {
            Shape shape = Shape.of(value, schema, path);
            if (!path.isEmpty() && (member || shape != Shape.STRUCT || value.isEmpty())) {
                out.add(List.copyOf(path));
            }
            switch (shape) {
                case STRUCT, MAP -> value.fields().forEachRemaining(e -> {
                    if (!untracked(path, e.getKey())) {
                        path.add("f:" + e.getKey());
                        whole(e.getValue(), Shape.child(schema, e.getKey()), path,
                                Shape.entryIsMember(shape, schema, e.getKey()), out);
                        path.remove(path.size() - 1);
                    }
                });
                case LIST_MAP, SET -> {
                    for (int i = 0; i < value.size(); i++) {
                        path.add(Shape.element(shape, schema, value.get(i), i));
                        if (shape == Shape.LIST_MAP) {
                            whole(value.get(i), Schemas.items(schema), path, true, out);
                        } else {
                            out.add(List.copyOf(path));
                        }
                        path.remove(path.size() - 1);
                    }
                }
                default -> {
                }
            }
        }

        static void diff(JsonNode a, JsonNode b, Schema schema, List<String> path, boolean member,
                Set<List<String>> added, Set<List<String>> modified, Set<List<String>> removed) {
            if (a == null || b == null) {
                if (a != null) {
                    whole(a, schema, path, member, removed);
                } else if (b != null) {
                    whole(b, schema, path, member, added);
                }
                return;
            }
            Shape shape = Shape.of(b, schema, path);
            if (Shape.of(a, schema, path) != shape) {
                whole(a, schema, path, member, removed);
                whole(b, schema, path, member, added);
                removed.removeAll(added);
                if (!path.isEmpty()) {
                    modified.add(List.copyOf(path));
                }
                return;
            }
            switch (shape) {
                case SCALAR, ATOMIC -> {
                    if (!JsonValues.equal(a, b) && !path.isEmpty()) {
                        modified.add(List.copyOf(path));
                    }
                }
                case STRUCT, MAP -> {
                    Set<String> names = new LinkedHashSet<>();
                    a.fieldNames().forEachRemaining(names::add);
                    b.fieldNames().forEachRemaining(names::add);
                    for (String name : names) {
                        if (untracked(path, name)) {
                            continue;
                        }
                        path.add("f:" + name);
                        diff(a.get(name), b.get(name), Shape.child(schema, name), path,
                                Shape.entryIsMember(shape, schema, name), added, modified, removed);
                        path.remove(path.size() - 1);
                    }
                }
                case LIST_MAP, SET -> {
                    Map<String, JsonNode> before = Fields.items(a, shape, schema);
                    Map<String, JsonNode> after = Fields.items(b, shape, schema);
                    Set<String> elements = new LinkedHashSet<>(before.keySet());
                    elements.addAll(after.keySet());
                    Schema itemSchema = shape == Shape.LIST_MAP ? Schemas.items(schema) : null;
                    for (String element : elements) {
                        path.add(element);
                        JsonNode x = before.get(element);
                        JsonNode y = after.get(element);
                        if (shape == Shape.SET) {
                            if (x == null) {
                                added.add(List.copyOf(path));
                            } else if (y == null) {
                                removed.add(List.copyOf(path));
                            }
                        } else {
                            diff(x, y, itemSchema, path, true, added, modified, removed);
                        }
                        path.remove(path.size() - 1);
                    }
                }
            }
        }
    }

    static void assertComparisonMatches(JsonNode before, JsonNode after, Schema schema) {
        Set<List<String>> added = new LinkedHashSet<>();
        Set<List<String>> modified = new LinkedHashSet<>();
        Set<List<String>> removed = new LinkedHashSet<>();
        PathSets.diff(before, after, schema, new ArrayList<>(), false, added, modified, removed);
        Fields.Comparison c = Fields.compare(before, after, schema);
        String what = before + " -> " + after;
        assertThat(c.added()).as("added: " + what).isEqualTo(FieldSet.of(added));
        assertThat(c.modified()).as("modified: " + what).isEqualTo(FieldSet.of(modified));
        assertThat(c.removed()).as("removed: " + what).isEqualTo(FieldSet.of(removed));
    }

    static void assertWalkMatches(JsonNode obj, Schema schema) {
        assertThat(Fields.of(obj, schema)).as(obj.toString()).isEqualTo(FieldSet.of(PathSets.of(obj, schema)));
    }

    @Test
    void walkAndCompareMatchThePathDefinitionsOnKnownObjects() {
        JsonNode pod = json(PODJSON);
        for (Schema schema : new Schema[] {POD, REAL_POD, null}) {
            assertWalkMatches(pod, schema);
            assertComparisonMatches(null, pod, schema);
            assertComparisonMatches(pod, null, schema);
            assertComparisonMatches(pod, pod.deepCopy(), schema);
        }
        assertComparisonMatches(null, null, POD);
        assertWalkMatches(json("{'metadata':{'name':'only'}}"), POD);
        assertWalkMatches(json("{}"), POD);
    }

    @Test
    void duplicateListKeysAndShapeChangesMatch() {
        JsonNode dup = json("{'spec':{'containers':[{'name':'a','image':'1'},{'name':'a','image':'2','args':['x']}]},"
                + "'metadata':{'finalizers':['f','f']}}");
        assertWalkMatches(dup, POD);
        assertComparisonMatches(null, dup, POD);
        assertComparisonMatches(dup, json("{'spec':{'containers':'gone'},'metadata':{'finalizers':['f']}}"), POD);
        assertComparisonMatches(json("{'spec':{'nodeSelector':{'a':'b'},'containers':[{'name':'a'}]}}"),
                json("{'spec':{'nodeSelector':'x','containers':{'name':'a'}}}"), POD);
        assertComparisonMatches(json("{'data':{'k':'v'},'list':[1]}"), json("{'data':['k'],'list':{'k':1}}"), null);
        assertComparisonMatches(json("{'metadata':{'labels':{'a':'1'}}}"), json("{'metadata':'x'}"), POD);
    }

    @Test
    void randomEditsMatchThePathDefinitions() {
        Random r = new Random(11);
        JsonNode pod = json(PODJSON);
        for (int round = 0; round < 400; round++) {
            JsonNode before = round % 2 == 0 ? pod.deepCopy() : mutate(pod.deepCopy(), r);
            JsonNode after = mutate(before.deepCopy(), r);
            for (Schema schema : new Schema[] {POD, REAL_POD, null}) {
                assertWalkMatches(after, schema);
                assertComparisonMatches(before, after, schema);
            }
        }
    }

    /** Random edits: changed, removed and added values, shape changes, list items reordered or repeated. */
    static JsonNode mutate(JsonNode node, Random r) {
        if (node instanceof ObjectNode o) {
            for (String name : iterableNames(o)) {
                int dice = r.nextInt(20);
                if (dice == 0) {
                    o.remove(name);
                } else if (dice == 1) {
                    o.put(name, "s" + r.nextInt(3));
                } else if (dice == 2) {
                    o.set(name, json("{'new':'x','" + name + "':{}}"));
                } else if (dice == 3) {
                    o.putArray(name).add("x").add(r.nextInt(2));
                } else {
                    o.set(name, mutate(o.get(name), r));
                }
            }
            if (r.nextInt(6) == 0) {
                o.put("added" + r.nextInt(3), r.nextInt(5));
            }
            return o;
        }
        if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, mutate(a.get(i), r));
            }
            int dice = r.nextInt(8);
            if (dice == 0 && a.size() > 0) {
                a.add(a.get(0).deepCopy()); // a duplicate key
            } else if (dice == 1 && a.size() > 1) {
                JsonNode first = a.remove(0);
                a.add(first);
            } else if (dice == 2 && a.size() > 0) {
                a.remove(r.nextInt(a.size()));
            } else if (dice == 3) {
                a.add(json("{'name':'n" + r.nextInt(3) + "','type':'T','containerPort':" + r.nextInt(3) + "}"));
            }
            return a;
        }
        int dice = r.nextInt(6);
        if (dice == 0) {
            return Json.NODES.textNode("m" + r.nextInt(3));
        }
        if (dice == 1) {
            return Json.NODES.numberNode(r.nextInt(3));
        }
        return node;
    }

    static List<String> iterableNames(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
