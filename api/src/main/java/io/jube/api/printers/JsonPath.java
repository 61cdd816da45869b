package io.jube.api.printers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The subset of Kubernetes JSONPath that CRD printer columns use: {@code .a.b}, {@code ['a.b']}, {@code [0]},
 * {@code [-1]}, {@code [1:3]}, {@code [*]}, {@code .*}, {@code ..name} and filters such as
 * {@code [?(@.type=="Ready")]} (==, !=, &lt;, &gt;, &lt;=, &gt;= against a literal, or a bare {@code @.path} for
 * existence). An optional surrounding {@code {...}} and a leading {@code $} are accepted.
 */
public final class JsonPath {
    private interface Step {
        void apply(JsonNode in, List<JsonNode> out);
    }

    private final String source;
    private final List<Step> steps;

    private JsonPath(String source, List<Step> steps) {
        this.source = source;
        this.steps = steps;
    }

    /** Parses a path; throws IllegalArgumentException on syntax outside the supported subset. */
    public static JsonPath compile(String path) {
        String p = path.strip();
        if (p.startsWith("{") && p.endsWith("}")) {
            p = p.substring(1, p.length() - 1).strip();
        }
        Parser parser = new Parser(p);
        return new JsonPath(path, parser.steps());
    }

    /** Every node the path selects, in document order; empty when nothing matches. */
    public List<JsonNode> find(JsonNode root) {
        List<JsonNode> current = new ArrayList<>();
        if (root != null) {
            current.add(root);
        }
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                step.apply(n, next);
            }
            current = next;
        }
        return current;
    }

    @Override
    public String toString() {
        return source;
    }

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        List<Step> steps() {
            List<Step> steps = new ArrayList<>();
            if (i < s.length() && (s.charAt(i) == '$' || s.charAt(i) == '@')) {
                i++;
            }
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '.') {
                    i++;
                    if (i < s.length() && s.charAt(i) == '.') {
                        i++;
                        steps.add(JsonPath::descendants);
                        if (i < s.length() && s.charAt(i) == '[') {
                            continue;
                        }
                    }
                    if (i >= s.length()) {
                        if (steps.isEmpty()) {
                            break; // "." alone selects the root
                        }
                        throw error("path ends with '.'");
                    }
                    if (s.charAt(i) == '*') {
                        i++;
                        steps.add(JsonPath::children);
                    } else {
                        String name = identifier();
                        if (name.isEmpty()) {
                            throw error("expected a field name");
                        }
                        steps.add(field(name));
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else {
                    throw error("unexpected '" + c + "'");
                }
            }
            return steps;
        }

        private String identifier() {
            StringBuilder b = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == '\\' && i + 1 < s.length()) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '.' || c == '[' || c == ']' || c == ')' || Character.isWhitespace(c)
                        || c == '=' || c == '!' || c == '<' || c == '>') {
                    break;
                }
                b.append(c);
                i++;
            }
            return b.toString();
        }

        private Step bracket() {
            int close = findClose();
            String inner = s.substring(i + 1, close).strip();
            i = close + 1;
            if (inner.equals("*")) {
                return JsonPath::children;
            }
            if (inner.startsWith("?(") && inner.endsWith(")")) {
                return filter(inner.substring(2, inner.length() - 1).strip());
            }
            if (inner.startsWith("'") || inner.startsWith("\"")) {
                List<String> names = new ArrayList<>();
                for (String part : splitTopLevel(inner)) {
                    names.add(unquote(part.strip()));
                }
                return (in, out) -> names.forEach(n -> field(n).apply(in, out));
            }
            if (inner.contains(":")) {
                return slice(inner);
            }
            try {
                int idx = Integer.parseInt(inner);
                return (in, out) -> {
                    if (in.isArray()) {
                        int k = idx < 0 ? in.size() + idx : idx;
                        if (k >= 0 && k < in.size()) {
                            out.add(in.get(k));
                        }
                    }
                };
            } catch (NumberFormatException e) {
                throw error("unsupported subscript [" + inner + "]");
            }
        }

        private int findClose() {
            char quote = 0;
            int depth = 0;
            for (int k = i; k < s.length(); k++) {
                char c = s.charAt(k);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[') {
                    depth++;
                } else if (c == ']') {
                    depth--;
                    if (depth == 0) {
                        return k;
                    }
                }
            }
            throw error("unclosed '['");
        }

        private Step slice(String inner) {
            String[] parts = inner.split(":", -1);
            if (parts.length > 3) {
                throw error("bad slice [" + inner + "]");
            }
            Integer start = parseOpt(parts[0]);
            Integer end = parseOpt(parts[1]);
            Integer stepOpt = parts.length == 3 ? parseOpt(parts[2]) : null;
            int step = stepOpt == null ? 1 : stepOpt;
            if (step <= 0) {
                throw error("slice step must be positive");
            }
            return (in, out) -> {
                if (!in.isArray()) {
                    return;
                }
                int n = in.size();
                int from = clamp(start == null ? 0 : start < 0 ? n + start : start, n);
                int to = clamp(end == null ? n : end < 0 ? n + end : end, n);
                for (int k = from; k < to; k += step) {
                    out.add(in.get(k));
                }
            };
        }

        private Integer parseOpt(String t) {
            t = t.strip();
            if (t.isEmpty()) {
                return null;
            }
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                throw error("bad slice index '" + t + "'");
            }
        }

        private static int clamp(int v, int n) {
            return Math.max(0, Math.min(n, v));
        }

        private Step filter(String expr) {
            String[] ops = {"==", "!=", "<=", ">=", "<", ">"};
            int at = -1;
            String op = null;
            char quote = 0;
            for (int k = 0; k < expr.length() && op == null; k++) {
                char c = expr.charAt(k);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                    continue;
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                    continue;
                }
                for (String o : ops) {
                    if (expr.startsWith(o, k)) {
                        at = k;
                        op = o;
                        break;
                    }
                }
            }
            if (op == null) {
                JsonPath exists = operand(expr);
                return (in, out) -> eachElement(in, e -> {
                    if (!exists.find(e).isEmpty()) {
                        out.add(e);
                    }
                });
            }
            JsonPath left = operand(expr.substring(0, at).strip());
            String rightText = expr.substring(at + op.length()).strip();
            String operator = op;
            if (rightText.startsWith("@")) {
                JsonPath right = operand(rightText);
                return (in, out) -> eachElement(in, e -> {
                    if (compareAny(left.find(e), right.find(e), operator)) {
                        out.add(e);
                    }
                });
            }
            Object literal = literal(rightText);
            return (in, out) -> eachElement(in, e -> {
                for (JsonNode l : left.find(e)) {
                    if (compare(l, literal, operator)) {
                        out.add(e);
                        return;
                    }
                }
            });
        }

        private JsonPath operand(String text) {
            if (!text.startsWith("@")) {
                throw error("filter operand must start with '@': " + text);
            }
            return new JsonPath(text, new Parser(text).steps());
        }

        private Object literal(String t) {
            if (t.startsWith("'") || t.startsWith("\"")) {
                return unquote(t);
            }
            if (t.equals("true") || t.equals("false")) {
                return Boolean.valueOf(t);
            }
            try {
                return Double.parseDouble(t);
            } catch (NumberFormatException e) {
                throw error("unsupported filter literal " + t);
            }
        }

        private String unquote(String t) {
            if (t.length() < 2 || t.charAt(t.length() - 1) != t.charAt(0)) {
                throw error("unterminated string " + t);
            }
            return t.substring(1, t.length() - 1);
        }

        private List<String> splitTopLevel(String inner) {
            List<String> parts = new ArrayList<>();
            char quote = 0;
            int start = 0;
            for (int k = 0; k < inner.length(); k++) {
                char c = inner.charAt(k);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == ',') {
                    parts.add(inner.substring(start, k));
                    start = k + 1;
                }
            }
            parts.add(inner.substring(start));
            return parts;
        }

        private IllegalArgumentException error(String msg) {
            return new IllegalArgumentException("invalid JSONPath " + s + ": " + msg);
        }
    }

    private static Step field(String name) {
        return (in, out) -> {
            if (in.isObject() && in.has(name)) {
                out.add(in.get(name));
            }
        };
    }

    private static void children(JsonNode in, List<JsonNode> out) {
        if (in.isObject() || in.isArray()) {
            in.elements().forEachRemaining(out::add);
        }
    }

    /** The node and all its descendants, pre-order (the input of a ".." step). */
    private static void descendants(JsonNode in, List<JsonNode> out) {
        out.add(in);
        Iterator<JsonNode> it = in.elements();
        while (it.hasNext()) {
            descendants(it.next(), out);
        }
    }

    private static void eachElement(JsonNode in, java.util.function.Consumer<JsonNode> f) {
        if (in.isArray()) {
            in.forEach(f);
        } else if (in.isObject()) {
            in.elements().forEachRemaining(f);
        }
    }

    private static boolean compareAny(List<JsonNode> lefts, List<JsonNode> rights, String op) {
        for (JsonNode l : lefts) {
            for (JsonNode r : rights) {
                Object lit = r.isNumber() ? (Object) r.asDouble() : r.isBoolean() ? (Object) r.asBoolean() : r.asText();
                if (compare(l, lit, op)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean compare(JsonNode l, Object literal, String op) {
        int cmp;
        if (literal instanceof Double d) {
            if (!l.isNumber()) {
                return op.equals("!=");
            }
            cmp = Double.compare(l.asDouble(), d);
        } else if (literal instanceof Boolean b) {
            if (!l.isBoolean()) {
                return op.equals("!=");
            }
            cmp = Boolean.compare(l.asBoolean(), b);
        } else {
            if (!l.isTextual()) {
                return op.equals("!=");
            }
            cmp = l.asText().compareTo((String) literal);
        }
        return switch (op) {
            case "==" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case ">" -> cmp > 0;
            case "<=" -> cmp <= 0;
            default -> cmp >= 0;
        };
    }
}
