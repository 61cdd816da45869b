package io.jube.e2e;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generates requests that a Kubernetes API server must refuse with a 4xx Status: malformed bodies,
 * wrong kinds, invalid names and values, unknown fields under strict validation, oversized bodies,
 * broken selectors, bad patches of every patch type, bad resourceVersions and query parameters,
 * random bytes, deep nesting, wrong methods and media types. Every case is one that Kubernetes
 * itself rejects, so any 2xx means the server accepted garbage. Requests that could modify the
 * fixture objects are only ones Kubernetes refuses, so the fixtures must come through unchanged.
 * Deterministic for a seed.
 */
final class BadRequests {
    /** Just over the 3 MiB request limit. */
    static final int OVER_LIMIT = 3 * 1024 * 1024 + 1024;
    private static final int OVERSIZED_CASES = 6;
    /** Names of the delete targets: {@code del-0 .. del-(n-1)}, one per patch fixture. */
    static final String DELETE_PREFIX = "del-";

    private final Random random;
    private final String ns;
    private final List<String> fixtures;
    private final String collection;
    private int serial;

    BadRequests(long seed, String ns, List<String> fixtures) {
        this.random = new Random(seed);
        this.ns = ns;
        this.fixtures = List.copyOf(fixtures);
        this.collection = "/api/v1/namespaces/" + ns + "/configmaps";
    }

    List<BadRequest> generate(int count) {
        List<Supplier<BadRequest>> kinds = List.of(this::malformedJson, this::malformedYaml, this::wrongKindOrVersion,
                this::invalidName, this::invalidContent, this::unknownFieldStrict, this::badSelector,
                this::badJsonPatch, this::badMergePatch, this::badStrategicPatch, this::badApplyPatch,
                this::badResourceVersion, this::badQueryParameter, this::randomBytes, this::deepNesting,
                this::wrongMethodOrMediaType, this::badPath, this::invalidBuiltIn);
        List<BadRequest> out = new ArrayList<>(count);
        for (int i = 0; i < OVERSIZED_CASES && out.size() < count; i++) {
            out.add(oversized(i));
        }
        while (out.size() < count) {
            out.add(kinds.get(random.nextInt(kinds.size())).get());
        }
        return out;
    }

    // ---- categories -----------------------------------------------------------------------------

    private BadRequest malformedJson() {
        String valid = configMapJson(freshName(), "{\"a\":\"b\"}");
        String body = switch (random.nextInt(6)) {
            // any proper prefix of a JSON object is incomplete, hence invalid
            case 0 -> valid.substring(0, 1 + random.nextInt(valid.length() - 1));
            case 1 -> valid + pick("}", "]", "x", "{}", ",");
            case 2 -> valid.replace("\"apiVersion\"", "apiVersion");
            case 3 -> valid.replace("\":\"", "\"=\"");
            case 4 -> valid.replace('"', '\'');
            default -> pick("", " ", "{", "[", "null", "\"str\"", "42", "[]", "{\"a\":}", "{,}", "{\"a\" 1}");
        };
        return BadRequest.of("malformed-json", "POST", collection, BadRequest.JSON, body);
    }

    private BadRequest malformedYaml() {
        String name = freshName();
        String body = switch (random.nextInt(8)) {
            case 0 -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n data: [a\n";
            case 1 -> "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + name + "\n";
            case 2 -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: " + name + "\n";
            case 3 -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"" + name + "\n";
            case 4 -> "- just\n- a\n- list\n";
            case 5 -> "plain scalar " + name + "\n";
            case 6 -> yamlBomb();
            default -> "apiVersion: v1\nkind: ConfigMap\nmetadata: &a\n  name: " + name + "\n  self: *b\n";
        };
        return BadRequest.of("malformed-yaml", "POST", collection, BadRequest.YAML, body);
    }

    private BadRequest wrongKindOrVersion() {
        String name = freshName();
        String[][] pairs = {{"v1", "Pod"}, {"v1", "Secret"}, {"apps/v1", "ConfigMap"}, {"v2", "ConfigMap"},
                {"nonsense.example.com/v1", "ConfigMap"}, {"v1", "Nonsense"}, {"v1/v1", "ConfigMap"},
                {"apps/v1", "Deployment"}, {"v1", "configmap"}, {"V1", "ConfigMap"}};
        String[] pair = pairs[random.nextInt(pairs.length)];
        String body = "{\"apiVersion\":\"" + pair[0] + "\",\"kind\":\"" + pair[1] + "\",\"metadata\":{\"name\":\""
                + name + "\"},\"data\":{\"a\":\"b\"}}";
        return BadRequest.of("wrong-kind", "POST", collection, BadRequest.JSON, body);
    }

    private BadRequest invalidName() {
        String name = switch (random.nextInt(9)) {
            case 0 -> "Upper" + serial++;
            case 1 -> "under_score-" + serial++;
            case 2 -> "-leading-" + serial++;
            case 3 -> "trailing-" + serial++ + ".";
            case 4 -> "a".repeat(254 + random.nextInt(50));
            case 5 -> "sp ace-" + serial++;
            case 6 -> "a..b-" + serial++;
            case 7 -> "uni\u00fccode-" + serial++;
            default -> pick("..", ".", "a/b", "%", "x\u0000y", "");
        };
        String body = configMapJson(name, "{\"a\":\"b\"}");
        // generateName is truncated to 58 characters, so a long prefix would be accepted
        if (name.length() < 58 && random.nextBoolean()) {
            body = body.replace("\"name\":", "\"generateName\":");
        }
        return BadRequest.of("invalid-name", "POST", collection, BadRequest.JSON, body);
    }

    /** Well-formed objects whose values fail ConfigMap or ObjectMeta validation. */
    private BadRequest invalidContent() {
        String name = freshName();
        String body = switch (random.nextInt(9)) {
            case 0 -> configMapJson(name, "{\"bad key!\":\"v\"}");
            case 1 -> configMapJson(name, "{\"\":\"v\"}");
            case 2 -> configMapJson(name, "{\"a\":5}");
            case 3 -> configMapJson(name, "\"not-a-map\"");
            case 4 -> withMeta(name, "\"labels\":{\"bad key\":\"v\"}");
            case 5 -> withMeta(name, "\"labels\":{\"k\":\"" + "v".repeat(64) + "\"}");
            case 6 -> withMeta(name, "\"annotations\":{\"-bad\":\"v\"}");
            case 7 -> withMeta(name, "\"namespace\":\"other-namespace\"");
            default -> withMeta(name, "\"finalizers\":[\"Not A Finalizer\"]");
        };
        return BadRequest.of("invalid-content", "POST", collection, BadRequest.JSON, body);
    }

    private BadRequest unknownFieldStrict() {
        String field = "bogus" + random.nextInt(1000);
        String name = freshName();
        String body = switch (random.nextInt(4)) {
            case 0 -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"" + field + "\":1,\"metadata\":{\"name\":\""
                    + name + "\"}}";
            case 1 -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\",\""
                    + field + "\":\"x\"}}";
            case 2 -> "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                    + "\"},\"data\":{\"a\":\"1\",\"a\":\"2\"}}";
            default -> "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n" + field + ": 1\n";
        };
        String type = body.startsWith("{") ? BadRequest.JSON : BadRequest.YAML;
        return BadRequest.of("unknown-field-strict", "POST", collection + "?fieldValidation=Strict", type, body);
    }

    private BadRequest oversized(int index) {
        String padding = "x".repeat(OVER_LIMIT);
        return switch (index % 3) {
            case 0 -> BadRequest.of("oversized", "POST", collection, BadRequest.JSON,
                    configMapJson(freshName(), "{\"big\":\"" + padding + "\"}"));
            case 1 -> BadRequest.of("oversized", "PATCH", collection + "/" + fixture(), BadRequest.MERGE,
                    "{\"data\":{\"big\":\"" + padding + "\"}}");
            default -> BadRequest.of("oversized", "POST", collection, BadRequest.JSON,
                    // under the request limit but over ConfigMap's 1 MiB data limit
                    configMapJson(freshName(), "{\"big\":\"" + "y".repeat(1536 * 1024) + "\"}"));
        };
    }

    private BadRequest badSelector() {
        boolean label = random.nextBoolean();
        String selector = label
                ? pick("a in (", "a notin", "(", "!!", "a=b=c", "a,,b", "=", "in (a)", "a in (b,",
                        "a=" + "v".repeat(64 + random.nextInt(100)), "k".repeat(64 + random.nextInt(100)) + "=v",
                        "a!=b!=c", "a > b", "bad key=v", "a in ((b))")
                : pick("metadata.name", "nosuchfield=x", "metadata.nosuch=x", "data.a=b", "=x", "metadata.name=a=b",
                        "metadata.name~x", "spec.nodeName=x");
        String query = (label ? "labelSelector=" : "fieldSelector=") + encode(selector);
        return switch (random.nextInt(4)) {
            case 0, 1 -> BadRequest.of("bad-selector", "GET", collection + "?" + query, null, (byte[]) null);
            case 2 -> BadRequest.of("bad-selector", "GET", collection + "?watch=true&timeoutSeconds=1&" + query, null,
                    (byte[]) null);
            // a delete-collection that ignored the selector would wipe the fixtures
            default -> BadRequest.of("bad-selector", "DELETE", collection + "?" + query, null, (byte[]) null);
        };
    }

    private BadRequest badJsonPatch() {
        String body = pick("{}", "[{\"op\":\"frobnicate\",\"path\":\"/data/a\"}]", "[{\"op\":\"add\"}]",
                "[{\"op\":\"add\",\"path\":\"data/a\",\"value\":\"x\"}]",
                "[{\"op\":\"remove\",\"path\":\"/data/nosuchkey\"}]",
                "[{\"op\":\"replace\",\"path\":\"/data/nosuchkey\",\"value\":\"x\"}]",
                "[{\"op\":\"test\",\"path\":\"/data/a\",\"value\":\"definitely-not\"}]",
                "[{\"op\":\"move\",\"from\":\"/data/nosuchkey\",\"path\":\"/data/b\"}]",
                "[{\"op\":\"add\",\"path\":\"/metadata/finalizers/7\",\"value\":\"x\"}]",
                "[{\"op\":\"replace\",\"path\":\"/data\",\"value\":5}]",
                "[{\"op\":\"replace\",\"path\":\"/metadata/labels\",\"value\":\"str\"}]",
                "[{\"op\":\"replace\",\"path\":\"/metadata/resourceVersion\",\"value\":\"1\"}]",
                "[{\"op\":\"replace\",\"path\":\"/metadata/uid\",\"value\":\"00000000-0000-0000-0000-000000000000\"}]",
                "[{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"y\"},{\"op\":\"test\",\"path\":\"/data/x\","
                        + "\"value\":\"z\"}]",
                "[{\"op\":\"add\",\"path\":\"/data/x\",\"value\":\"y\"}", "[1,2,3]", "[null]");
        return BadRequest.of("bad-json-patch", "PATCH", collection + "/" + fixture(), BadRequest.JSON_PATCH, body);
    }

    private BadRequest badMergePatch() {
        String body = pick("{\"data\":{\"a\":5}}", "{\"data\":\"str\"}", "{\"data\":[1]}", "{\"data\":",
                "{\"metadata\":{\"labels\":{\"bad key!\":\"v\"}}}", "{\"metadata\":{\"labels\":\"str\"}}",
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"a\":\"changed\"}}",
                "{\"metadata\":{\"resourceVersion\":\"abc\"},\"data\":{\"a\":\"changed\"}}",
                "{\"metadata\":{\"finalizers\":\"str\"}}",
                "not json at all", "{\"data\":{\"bad key!\":\"v\"}}");
        return BadRequest.of("bad-merge-patch", "PATCH", collection + "/" + fixture(), BadRequest.MERGE, body);
    }

    private BadRequest badStrategicPatch() {
        String body = pick("{\"data\":{\"a\":5}}", "{\"data\":[1]}", "{\"data\":", "[]", "\"str\"",
                "{\"metadata\":{\"labels\":{\"bad key!\":\"v\"}}}", "{\"metadata\":{\"finalizers\":{\"a\":1}}}",
                "{\"metadata\":{\"resourceVersion\":\"1\"},\"data\":{\"a\":\"changed\"}}");
        return BadRequest.of("bad-strategic-patch", "PATCH", collection + "/" + fixture(), BadRequest.STRATEGIC,
                body);
    }

    private BadRequest badApplyPatch() {
        String target = fixture();
        String good = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + target + "\ndata:\n  a: changed\n";
        return switch (random.nextInt(5)) {
            // field manager is required for apply
            case 0 -> BadRequest.of("bad-apply-patch", "PATCH", collection + "/" + target, BadRequest.APPLY, good);
            case 1 -> BadRequest.of("bad-apply-patch", "PATCH", collection + "/" + target + "?fieldManager=e2e",
                    BadRequest.APPLY, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: " + target + "\n");
            case 2 -> BadRequest.of("bad-apply-patch", "PATCH", collection + "/" + target + "?fieldManager=e2e",
                    BadRequest.APPLY, good.replace("name: " + target, "name: other-name"));
            case 3 -> BadRequest.of("bad-apply-patch", "PATCH", collection + "/" + target + "?fieldManager=e2e",
                    BadRequest.APPLY, good.replace("apiVersion: v1\n", ""));
            default -> BadRequest.of("bad-apply-patch", "PATCH", collection + "/" + target
                    + "?fieldManager=e2e&force=notabool", BadRequest.APPLY, good);
        };
    }

    private BadRequest badResourceVersion() {
        String rv = pick("abc", "-1", "1.5", "99999999999999999999999", "0x10", " 1");
        String target = fixture();
        return switch (random.nextInt(5)) {
            case 0 -> BadRequest.of("bad-resource-version", "GET", collection + "?resourceVersionMatch=Bogus"
                    + "&resourceVersion=1", null, (byte[]) null);
            case 1 -> BadRequest.of("bad-resource-version", "GET", collection + "?resourceVersionMatch=Exact", null,
                    (byte[]) null);
            case 2 -> BadRequest.of("bad-resource-version", "PUT", collection + "/" + target, BadRequest.JSON,
                    "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + target
                            + "\",\"resourceVersion\":\"" + pick(rv, "1", "2") + "\"},\"data\":{\"a\":\"changed\"}}");
            case 3 -> BadRequest.of("bad-resource-version", "DELETE", collection + "/" + deleteTarget(), BadRequest.JSON,
                    pick("{\"preconditions\":{\"resourceVersion\":\"1\"}}",
                            "{\"preconditions\":{\"uid\":\"00000000-0000-0000-0000-000000000000\"}}",
                            "{\"preconditions\":{\"resourceVersion\":\"" + rv + "\"}}"));
            default -> BadRequest.of("bad-resource-version", "GET", collection + "?resourceVersion=" + encode(rv),
                    null, (byte[]) null);
        };
    }

    private BadRequest badQueryParameter() {
        String target = collection + "/" + deleteTarget();
        String create = configMapJson(freshName(), "{\"a\":\"b\"}");
        return switch (random.nextInt(11)) {
            case 0 -> BadRequest.of("bad-query", "GET", collection + "?limit=abc", null, (byte[]) null);
            case 1 -> BadRequest.of("bad-query", "GET", collection + "?timeoutSeconds=abc", null, (byte[]) null);
            case 2 -> BadRequest.of("bad-query", "GET", collection + "?limit=1&continue=" + encode(pick("garbage",
                    "eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6LTF9", "%%%", "a".repeat(300))), null, (byte[]) null);
            case 3 -> BadRequest.of("bad-query", "GET", collection + "?watch=notabool", null, (byte[]) null);
            case 4 -> BadRequest.of("bad-query", "POST", collection + "?dryRun=Bogus", BadRequest.JSON, create);
            case 5 -> BadRequest.of("bad-query", "POST", collection + "?fieldValidation=Bogus", BadRequest.JSON,
                    create);
            case 6 -> BadRequest.of("bad-query", "POST", collection + "?fieldManager=" + "m".repeat(129 + serial % 50),
                    BadRequest.JSON, create);
            case 7 -> BadRequest.of("bad-query", "DELETE", target + "?propagationPolicy=Bogus", null, (byte[]) null);
            case 8 -> BadRequest.of("bad-query", "DELETE", target + "?gracePeriodSeconds=abc", null, (byte[]) null);
            case 9 -> BadRequest.of("bad-query", "DELETE", target + "?dryRun=Bogus", null, (byte[]) null);
            default -> BadRequest.of("bad-query", "DELETE", target, BadRequest.JSON,
                    pick("{\"propagationPolicy\":\"Bogus\"}", "{\"gracePeriodSeconds\":\"abc\"}",
                            "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"dryRun\":[\"Bogus\"]}",
                            "{\"orphanDependents\":true,\"propagationPolicy\":\"Foreground\"}", "{broken"));
        };
    }

    private BadRequest randomBytes() {
        byte[] body = new byte[1 + random.nextInt(4096)];
        random.nextBytes(body);
        body[0] = (byte) ('!' + random.nextInt(2)); // never a valid start of a JSON or YAML document of an object
        String type = pick(BadRequest.JSON, BadRequest.YAML, BadRequest.MERGE, BadRequest.JSON_PATCH,
                BadRequest.STRATEGIC, BadRequest.APPLY, "application/vnd.kubernetes.protobuf", "application/cbor");
        boolean patch = type.contains("patch");
        if (patch) {
            return BadRequest.of("random-bytes", "PATCH", collection + "/" + fixture() + "?fieldManager=e2e", type,
                    body);
        }
        return switch (random.nextInt(3)) {
            case 0 -> BadRequest.of("random-bytes", "PUT", collection + "/" + fixture(), type, body);
            default -> BadRequest.of("random-bytes", "POST", collection, type, body);
        };
    }

    private BadRequest deepNesting() {
        String name = freshName();
        int depth = random.nextBoolean() ? 100 + random.nextInt(2000) : 20_000 + random.nextInt(80_000);
        return switch (random.nextInt(4)) {
            // a list where a string is required: invalid at any depth
            case 0 -> BadRequest.of("deep-nesting", "POST", collection, BadRequest.JSON, configMapJson(name,
                    "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}"));
            // an unknown field nested deeper than Kubernetes' decoder limit of 10000
            case 1 -> BadRequest.of("deep-nesting", "POST", collection, BadRequest.JSON,
                    configMapJson(name, "{}").replace("\"data\":{}", "\"extra\":" + "{\"x\":".repeat(20_000 + depth)
                            + "1" + "}".repeat(20_000 + depth)));
            case 2 -> BadRequest.of("deep-nesting", "POST", collection, BadRequest.YAML,
                    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  a: "
                            + "[".repeat(depth) + "]".repeat(depth) + "\n");
            default -> BadRequest.of("deep-nesting", "PATCH", collection + "/" + fixture(), BadRequest.MERGE,
                    "{\"data\":{\"a\":" + "{\"b\":".repeat(depth) + "1" + "}".repeat(depth) + "}}");
        };
    }

    private BadRequest wrongMethodOrMediaType() {
        String create = configMapJson(freshName(), "{\"a\":\"b\"}");
        return switch (random.nextInt(8)) {
            case 0 -> BadRequest.of("wrong-method", "PUT", collection, BadRequest.JSON, create);
            case 1 -> BadRequest.of("wrong-method", "POST", collection + "/" + fixture(), BadRequest.JSON, create);
            case 2 -> BadRequest.of("wrong-method", "PATCH", collection, BadRequest.MERGE, "{}");
            case 3 -> BadRequest.of("wrong-media-type", "POST", collection, pick("text/plain", "application/xml",
                    "multipart/form-data; boundary=x", "image/png"), create);
            case 4 -> BadRequest.of("wrong-media-type", "PATCH", collection + "/" + fixture(),
                    pick(BadRequest.JSON, "text/plain", "application/x-www-form-urlencoded"), "{\"data\":{\"a\":\"c\"}}");
            case 5 -> new BadRequest("wrong-media-type", "GET", collection, Map.of("Accept", "text/html"), null);
            case 6 -> BadRequest.of("wrong-method", "DELETE", "/api/v1", null, (byte[]) null);
            default -> BadRequest.of("wrong-media-type", "POST", collection, BadRequest.JSON_PATCH, create);
        };
    }

    private BadRequest badPath() {
        String word = randomWord();
        return switch (random.nextInt(8)) {
            case 0 -> BadRequest.of("bad-path", "GET", "/api/v1/" + word, null, (byte[]) null);
            case 1 -> BadRequest.of("bad-path", "GET", "/apis/" + word + ".example.com/v1/things", null,
                    (byte[]) null);
            case 2 -> BadRequest.of("bad-path", "GET", "/api/v1/namespaces/" + ns + "/configmaps/" + fixture() + "/"
                    + word, null, (byte[]) null);
            case 3 -> BadRequest.of("bad-path", "POST", "/api/v1/namespaces/missing-" + word + "/configmaps",
                    BadRequest.JSON, configMapJson(freshName(), "{}"));
            case 4 -> BadRequest.of("bad-path", "POST", "/api/v1/namespaces/Bad_NS/configmaps", BadRequest.JSON,
                    configMapJson(freshName(), "{}"));
            case 5 -> BadRequest.of("bad-path", "GET", "/api/v1/namespaces/" + ns + "/nodes", null, (byte[]) null);
            case 6 -> BadRequest.of("bad-path", "GET", collection + "/" + pick("a%00b", "%ff%fe"),
                    null, (byte[]) null);
            default -> BadRequest.of("bad-path", "GET", "/api/v" + (2 + random.nextInt(8)) + "/pods", null,
                    (byte[]) null);
        };
    }

    /** Built-in kinds with values their validation rejects. */
    private BadRequest invalidBuiltIn() {
        String name = freshName();
        return switch (random.nextInt(6)) {
            case 0 -> BadRequest.of("invalid-builtin", "POST", "/api/v1/namespaces/" + ns + "/pods", BadRequest.JSON,
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                            + "\"},\"spec\":{\"containers\":[]}}");
            case 1 -> BadRequest.of("invalid-builtin", "POST", "/api/v1/namespaces/" + ns + "/pods", BadRequest.JSON,
                    "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name
                            + "\"},\"spec\":{\"containers\":[{\"name\":\"Bad_Name\",\"image\":\"x\"}]}}");
            case 2 -> BadRequest.of("invalid-builtin", "POST", "/apis/apps/v1/namespaces/" + ns + "/deployments",
                    BadRequest.JSON, "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\""
                            + name + "\"},\"spec\":{\"replicas\":" + pick("-1", "1") + ",\"selector\":{\"matchLabels\":"
                            + "{\"app\":\"a\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"b\"}},\"spec\":"
                            + "{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}}}");
            case 3 -> BadRequest.of("invalid-builtin", "POST", "/api/v1/namespaces/" + ns + "/services",
                    BadRequest.JSON, "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"" + name
                            + "\"},\"spec\":{\"ports\":[{\"port\":" + pick("70000", "0", "-5") + "}]}}");
            case 4 -> BadRequest.of("invalid-builtin", "POST", "/api/v1/namespaces/" + ns + "/secrets",
                    BadRequest.JSON, "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
                            + "\"},\"data\":{\"k\":\"not base64!!\"}}");
            default -> BadRequest.of("invalid-builtin", "POST", "/api/v1/namespaces", BadRequest.JSON,
                    "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\""
                            + pick("Bad_NS", "a.b", "x".repeat(64), "-x") + "\"}}");
        };
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String freshName() {
        return "bad-input-" + serial++;
    }

    /** A fixture that patches and updates aim at. */
    private String fixture() {
        return fixtures.get(random.nextInt(fixtures.size()));
    }

    /**
     * A fixture that bad deletes aim at: kept apart from the patch targets, so a server that wrongly
     * honours a bad delete cannot turn later bad patches into trivial 404s.
     */
    private String deleteTarget() {
        return DELETE_PREFIX + random.nextInt(fixtures.size());
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private String randomWord() {
        StringBuilder word = new StringBuilder("zz");
        for (int i = 0, n = 3 + random.nextInt(10); i < n; i++) {
            word.append((char) ('a' + random.nextInt(26)));
        }
        return word.toString();
    }

    private static String configMapJson(String name, String data) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + escape(name)
                + "\"},\"data\":" + data + "}";
    }

    private static String withMeta(String name, String extraMeta) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"," + extraMeta
                + "},\"data\":{\"a\":\"b\"}}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A YAML document whose aliases expand exponentially ("billion laughs"). */
    private static String yamlBomb() {
        StringBuilder yaml = new StringBuilder("a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append('a').append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 8; j++) {
                yaml.append(j == 0 ? "" : ",").append("*a").append(i - 1);
            }
            yaml.append("]\n");
        }
        return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n" + yaml.toString().replace("a9:", "data:");
    }
}
