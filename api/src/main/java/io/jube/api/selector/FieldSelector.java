package io.jube.api.selector;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A Kubernetes field selector: an AND of {@code field=value}, {@code field==value} and {@code field!=value}
 * terms. Values may escape {@code \}, {@code ,} and {@code =} with a backslash. Fields are resolved from the
 * object's JSON by {@link SelectableFields}.
 */
public final class FieldSelector {
    /** One term; {@code equal} is false for {@code !=}. */
    public record Term(String field, boolean equal, String value) {
        @Override
        public String toString() {
            return field + (equal ? "=" : "!=") + escape(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());
    private final List<Term> terms;

    private FieldSelector(List<Term> terms) {
        this.terms = List.copyOf(terms);
    }

    public static FieldSelector everything() {
        return EVERYTHING;
    }

    public static FieldSelector parse(String selector) {
        if (selector == null || selector.isEmpty()) {
            return EVERYTHING;
        }
        List<String> parts = splitTerms(selector);
        Collections.sort(parts);
        List<Term> terms = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            Term t = splitTerm(part);
            if (t == null) {
                throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(t);
        }
        return new FieldSelector(terms);
    }

    /** Kubernetes' check of the fields a kind supports; throws with the API's 400 message. */
    public static void validateFields(String group, String kind, FieldSelector selector) {
        for (Term t : selector.terms) {
            SelectableFields.check(group, kind, t.field());
        }
    }

    public List<Term> terms() {
        return terms;
    }

    public boolean isEverything() {
        return terms.isEmpty();
    }

    /** Matches an object; its kind comes from its {@code apiVersion} and {@code kind}. */
    public boolean matches(JsonNode obj) {
        String apiVersion = Json.text(obj, "apiVersion");
        String group = apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
        String kind = Json.text(obj, "kind");
        return matches(group, kind == null ? "" : kind, obj);
    }

    /** Matches an object of the given kind. */
    public boolean matches(String group, String kind, JsonNode obj) {
        for (Term t : terms) {
            String actual = SelectableFields.value(group, kind, obj, t.field());
            if (t.equal() != t.value().equals(actual)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        terms.forEach(t -> parts.add(t.toString()));
        return String.join(",", parts);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldSelector f && f.terms.equals(terms);
    }

    @Override
    public int hashCode() {
        return terms.hashCode();
    }

    /** Splits on commas that are not escaped. */
    private static List<String> splitTerms(String s) {
        List<String> out = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** Splits at the first operator ("!=", "==" or "="); like Kubernetes, the field part has no escapes. */
    private static Term splitTerm(String term) {
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("!=", i)) {
                return new Term(term.substring(0, i), false, unescape(term.substring(i + 2)));
            } else if (term.startsWith("==", i)) {
                return new Term(term.substring(0, i), true, unescape(term.substring(i + 2)));
            } else if (term.charAt(i) == '=') {
                return new Term(term.substring(0, i), true, unescape(term.substring(i + 1)));
            }
        }
        return null;
    }

    static String unescape(String v) {
        if (v.indexOf('\\') < 0 && v.indexOf(',') < 0 && v.indexOf('=') < 0) {
            return v;
        }
        StringBuilder b = new StringBuilder();
        boolean escaped = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\" + c);
                }
                b.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                throw new SelectorException("invalid field selector: unescaped character in value: " + c);
            } else {
                b.append(c);
            }
        }
        if (escaped) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return b.toString();
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
    }
}
