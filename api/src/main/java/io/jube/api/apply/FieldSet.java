package io.jube.api.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jube.api.Json;
import io.jube.api.patch.PatchException;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A set of field paths, as managedFields records them. A path is a list of FieldsV1 path
 * elements: {@code f:<name>}, {@code k:<json key>} (list-map item), {@code v:<json>} (set item)
 * or {@code i:<index>}. Immutable.
 *
 * <p>Held as a trie, the shape FieldsV1 itself has: each node says whether the path leading to it
 * is a member and holds its children sorted by element. Every write computes these sets for the
 * whole object, so they are built bottom-up without copying paths, and set operations share the
 * subtrees they leave unchanged (a result equal to an operand is that operand).
 */
public final class FieldSet {
    private static final String[] NO_KEYS = {};
    private static final FieldSet[] NO_KIDS = {};
    public static final FieldSet EMPTY = new FieldSet(false, NO_KEYS, NO_KIDS);
    /** A member with nothing below; most nodes are leaves, so they share this one. */
    static final FieldSet LEAF = new FieldSet(true, NO_KEYS, NO_KIDS);

    /** Whether the path to this node is itself in the set. */
    private final boolean member;
    /** Child elements, strictly ascending in {@link String#compareTo} order (FieldsV1's order). */
    private final String[] keys;
    /** {@code kids[i]} holds the paths below {@code keys[i]}; never empty, so the form is canonical. */
    private final FieldSet[] kids;
    private int hash;

    private FieldSet(boolean member, String[] keys, FieldSet[] kids) {
        this.member = member;
        this.keys = keys;
        this.kids = kids;
    }

    public static FieldSet of(Collection<List<String>> paths) {
        FieldSet out = EMPTY;
        for (List<String> p : paths) {
            out = out.union(path(p, 0));
        }
        return out;
    }

    /** The set holding just {@code p} from element {@code from} on. */
    private static FieldSet path(List<String> p, int from) {
        if (from == p.size()) {
            return LEAF;
        }
        return new FieldSet(false, new String[] {java.util.Objects.requireNonNull(p.get(from))},
                new FieldSet[] {path(p, from + 1)});
    }

    /**
     * A node from children in any order, taking ownership of the arrays (the first {@code n}
     * entries count). Empty children are dropped and children under the same element merged, so
     * callers may pass list items with duplicate keys.
     */
    static FieldSet node(boolean member, String[] keys, FieldSet[] kids, int n) {
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (!kids[i].isEmpty()) {
                keys[m] = keys[i];
                kids[m++] = kids[i];
            }
        }
        if (m == 0) {
            return member ? LEAF : EMPTY;
        }
        if (!strictlyAscending(keys, m)) {
            sort(keys, kids, m);
            m = mergeEqualNeighbours(keys, kids, m);
        }
        if (m != keys.length) {
            keys = Arrays.copyOf(keys, m);
            kids = Arrays.copyOf(kids, m);
        }
        return new FieldSet(member, keys, kids);
    }

    private static boolean strictlyAscending(String[] keys, int n) {
        for (int i = 1; i < n; i++) {
            if (keys[i - 1].compareTo(keys[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static void sort(String[] keys, FieldSet[] kids, int n) {
        if (n <= 16) {
            for (int i = 1; i < n; i++) { // insertion sort: the usual few struct fields
                String k = keys[i];
                FieldSet v = kids[i];
                int j = i - 1;
                while (j >= 0 && keys[j].compareTo(k) > 0) {
                    keys[j + 1] = keys[j];
                    kids[j + 1] = kids[j];
                    j--;
                }
                keys[j + 1] = k;
                kids[j + 1] = v;
            }
            return;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparing(i -> keys[i]));
        String[] k = Arrays.copyOf(keys, n);
        FieldSet[] v = Arrays.copyOf(kids, n);
        for (int i = 0; i < n; i++) {
            keys[i] = k[order[i]];
            kids[i] = v[order[i]];
        }
    }

    private static int mergeEqualNeighbours(String[] keys, FieldSet[] kids, int n) {
        int m = 1;
        for (int i = 1; i < n; i++) {
            if (keys[i].equals(keys[m - 1])) {
                kids[m - 1] = kids[m - 1].union(kids[i]);
            } else {
                keys[m] = keys[i];
                kids[m++] = kids[i];
            }
        }
        return m;
    }

    /** This set with its own (empty) path added. */
    FieldSet withRoot() {
        if (member) {
            return this;
        }
        return keys.length == 0 ? LEAF : new FieldSet(true, keys, kids);
    }

    /** The paths, enumerated on demand in FieldsV1 order (a node before its children). */
    public Set<List<String>> paths() {
        return new Paths(this);
    }

    public boolean isEmpty() {
        return !member && keys.length == 0;
    }

    public boolean contains(List<String> path) {
        FieldSet n = find(path);
        return n != null && n.member;
    }

    /** True when some member lies strictly below {@code prefix}. */
    public boolean hasDescendant(List<String> prefix) {
        FieldSet n = find(prefix);
        return n != null && n.keys.length > 0; // every child holds a member
    }

    private FieldSet find(List<String> path) {
        FieldSet n = this;
        for (String element : path) {
            int i = element == null ? -1 : Arrays.binarySearch(n.keys, element);
            if (i < 0) {
                return null;
            }
            n = n.kids[i];
        }
        return n;
    }

    private FieldSet child(String key) {
        int i = keys.length == 0 ? -1 : Arrays.binarySearch(keys, key);
        return i < 0 ? null : kids[i];
    }

    public FieldSet union(FieldSet other) {
        if (other == this || other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        boolean m = member || other.member;
        String[] k = new String[keys.length + other.keys.length];
        FieldSet[] v = new FieldSet[k.length];
        boolean sameAsThis = m == member;
        boolean sameAsOther = m == other.member;
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < keys.length || j < other.keys.length) {
            int c = i == keys.length ? 1 : j == other.keys.length ? -1 : keys[i].compareTo(other.keys[j]);
            if (c < 0) {
                k[n] = keys[i];
                v[n++] = kids[i++];
                sameAsOther = false;
            } else if (c > 0) {
                k[n] = other.keys[j];
                v[n++] = other.kids[j++];
                sameAsThis = false;
            } else {
                FieldSet u = kids[i].union(other.kids[j]);
                sameAsThis &= u == kids[i];
                sameAsOther &= u == other.kids[j];
                k[n] = keys[i];
                v[n++] = u;
                i++;
                j++;
            }
        }
        if (sameAsThis) {
            return this;
        }
        if (sameAsOther) {
            return other;
        }
        return new FieldSet(m, n == k.length ? k : Arrays.copyOf(k, n), n == v.length ? v : Arrays.copyOf(v, n));
    }

    public FieldSet minus(FieldSet other) {
        if (other.isEmpty() || isEmpty()) {
            return this;
        }
        if (other == this) {
            return EMPTY;
        }
        boolean m = member && !other.member;
        String[] k = null; // copied on the first child that changes; until then the result is this
        FieldSet[] v = null;
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            FieldSet o = other.child(keys[i]);
            FieldSet d = o == null ? kids[i] : kids[i].minus(o);
            if (k == null && d != kids[i]) {
                k = Arrays.copyOf(keys, keys.length);
                v = Arrays.copyOf(kids, kids.length);
                n = i;
            }
            if (k != null && !d.isEmpty()) {
                k[n] = keys[i];
                v[n++] = d;
            }
        }
        if (k == null) {
            return m == member ? this : keys.length == 0 ? EMPTY : new FieldSet(false, keys, kids);
        }
        return node(m, k, v, n);
    }

    public FieldSet intersect(FieldSet other) {
        if (other == this) {
            return this;
        }
        if (isEmpty() || other.isEmpty()) {
            return EMPTY;
        }
        boolean m = member && other.member;
        String[] k = new String[Math.min(keys.length, other.keys.length)];
        FieldSet[] v = new FieldSet[k.length];
        int n = 0;
        int i = 0;
        int j = 0;
        while (i < keys.length && j < other.keys.length) {
            int c = keys[i].compareTo(other.keys[j]);
            if (c < 0) {
                i++;
            } else if (c > 0) {
                j++;
            } else {
                FieldSet x = kids[i].intersect(other.kids[j]);
                if (!x.isEmpty()) {
                    k[n] = keys[i];
                    v[n++] = x;
                }
                i++;
                j++;
            }
        }
        return node(m, k, v, n);
    }

    /** The FieldsV1 encoding: nested objects, {@code "."} for a member that also has members below. */
    public ObjectNode toFieldsV1() {
        ObjectNode out = Json.object();
        if (member && keys.length > 0) {
            out.set(".", Json.object());
        }
        for (int i = 0; i < keys.length; i++) {
            out.set(keys[i], kids[i].toFieldsV1());
        }
        return out;
    }

    /** Parses a FieldsV1 object; a malformed one is a 400. */
    public static FieldSet fromFieldsV1(JsonNode fields) {
        if (fields == null || !fields.isObject()) {
            throw PatchException.badRequest("invalid managedFields: fieldsV1 must be an object, got " + fields);
        }
        return parse(fields, true, 0);
    }

    /** The set below one FieldsV1 object; a non-root object is never empty (it is a member, or has one below). */
    private static FieldSet parse(JsonNode node, boolean root, int depth) {
        if (depth > 100) {
            throw PatchException.badRequest("invalid managedFields: fieldsV1 nested too deeply");
        }
        int size = node.size();
        if (size == 0) {
            return root ? EMPTY : LEAF;
        }
        String[] keys = new String[size];
        FieldSet[] kids = new FieldSet[size];
        int n = 0;
        boolean member = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!e.getValue().isObject()) {
                throw PatchException.badRequest("invalid managedFields: value of \"" + key + "\" must be an object");
            }
            if (".".equals(key)) {
                member = !root;
                continue;
            }
            if (key.length() < 2 || key.charAt(1) != ':' || "fkvi".indexOf(key.charAt(0)) < 0) {
                throw PatchException.badRequest("invalid managedFields: unknown path element \"" + key + "\"");
            }
            keys[n] = key;
            kids[n++] = parse(e.getValue(), false, depth + 1);
        }
        return node(member, keys, kids, n);
    }

    /** A path as Kubernetes prints it: {@code .spec.containers[name="nginx"].image}. */
    public static String describe(List<String> path) {
        StringBuilder sb = new StringBuilder();
        for (String element : path) {
            String body = element.substring(2);
            switch (element.charAt(0)) {
                case 'f' -> sb.append('.').append(body);
                case 'v' -> sb.append("[=").append(body).append(']');
                case 'i' -> sb.append('[').append(body).append(']');
                default -> {
                    List<String> parts = new ArrayList<>();
                    Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)).fields()
                            .forEachRemaining(f -> parts.add(f.getKey() + "=" + Json.string(f.getValue())));
                    sb.append('[').append(String.join(",", parts)).append(']');
                }
            }
        }
        return sb.toString();
    }

    private int count() {
        int c = member ? 1 : 0;
        for (FieldSet k : kids) {
            c += k.count();
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof FieldSet f) || f.member != member || !Arrays.equals(f.keys, keys)) {
            return false;
        }
        for (int i = 0; i < kids.length; i++) {
            if (!kids[i].equals(f.kids[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = member ? 1 : 2;
            for (int i = 0; i < keys.length; i++) {
                h = 31 * (31 * h + keys[i].hashCode()) + kids[i].hashCode();
            }
            hash = h; // racy but idempotent, as String's
        }
        return h;
    }

    @Override
    public String toString() {
        return Json.string(toFieldsV1());
    }

    /** The members as an unmodifiable set view. */
    private static final class Paths extends AbstractSet<List<String>> {
        private final FieldSet root;

        Paths(FieldSet root) {
            this.root = root;
        }

        @Override
        public Iterator<List<String>> iterator() {
            return new PathIterator(root);
        }

        @Override
        public int size() {
            return root.count();
        }

        @Override
        public boolean isEmpty() {
            return root.isEmpty();
        }

        @Override
        @SuppressWarnings("unchecked")
        public boolean contains(Object o) {
            if (!(o instanceof List<?> l)) {
                return false;
            }
            for (Object e : l) {
                if (!(e instanceof String)) {
                    return false;
                }
            }
            return root.contains((List<String>) l);
        }
    }

    /** Depth-first over the trie with one path buffer; each member is copied out as it is reached. */
    private static final class PathIterator implements Iterator<List<String>> {
        private FieldSet[] nodes = new FieldSet[8];
        private int[] next = new int[8];
        private String[] path = new String[8];
        private int depth;
        private List<String> pending;

        PathIterator(FieldSet root) {
            nodes[0] = root;
            pending = root.member ? List.of() : advance();
        }

        private List<String> advance() {
            while (depth >= 0) {
                FieldSet n = nodes[depth];
                int i = next[depth];
                if (i == n.keys.length) {
                    depth--;
                    continue;
                }
                next[depth]++;
                if (depth + 1 == nodes.length) {
                    nodes = Arrays.copyOf(nodes, nodes.length * 2);
                    next = Arrays.copyOf(next, next.length * 2);
                    path = Arrays.copyOf(path, path.length * 2);
                }
                path[depth] = n.keys[i];
                FieldSet kid = n.kids[i];
                nodes[++depth] = kid;
                next[depth] = 0;
                if (kid.member) {
                    return List.of(Arrays.copyOf(path, depth));
                }
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return pending != null;
        }

        @Override
        public List<String> next() {
            if (pending == null) {
                throw new NoSuchElementException();
            }
            List<String> p = pending;
            pending = advance();
            return p;
        }
    }
}
