package io.jube.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Kubernetes' validation of label keys (qualified names) and values, with its messages. */
final class LabelSyntax {
    private static final String QNAME_CHAR = "[A-Za-z0-9]";
    private static final String QNAME_EXT = "[-A-Za-z0-9_.]";
    private static final String QUALIFIED_NAME_FMT = "(" + QNAME_CHAR + QNAME_EXT + "*)?" + QNAME_CHAR;
    private static final Pattern QUALIFIED_NAME = Pattern.compile("^" + QUALIFIED_NAME_FMT + "$");
    private static final String LABEL_VALUE_FMT = "(" + QUALIFIED_NAME_FMT + ")?";
    private static final Pattern LABEL_VALUE = Pattern.compile("^" + LABEL_VALUE_FMT + "$");
    private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN_FMT = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
    private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile("^" + DNS1123_SUBDOMAIN_FMT + "$");

    static final String QUALIFIED_NAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must"
            + " start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
            + " for validation is '" + QUALIFIED_NAME_FMT + "')";
    static final String LABEL_VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric"
            + " characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', "
            + " or 'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE_FMT + "')";
    static final String DNS1123_SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case"
            + " alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g."
            + " 'example.com', regex used for validation is '" + DNS1123_SUBDOMAIN_FMT + "')";

    private LabelSyntax() {
    }

    /** Problems with a label key (IsQualifiedName); empty when valid. */
    static List<String> keyErrors(String key) {
        List<String> errs = new ArrayList<>();
        String[] parts = key.split("/", -1);
        String name;
        if (parts.length == 1) {
            name = parts[0];
        } else if (parts.length == 2) {
            String prefix = parts[0];
            name = parts[1];
            if (prefix.isEmpty()) {
                errs.add("prefix part must be non-empty");
            } else {
                if (prefix.length() > 253) {
                    errs.add("prefix part must be no more than 253 characters");
                }
                if (!DNS1123_SUBDOMAIN.matcher(prefix).matches()) {
                    errs.add("prefix part " + DNS1123_SUBDOMAIN_MSG);
                }
            }
        } else {
            errs.add("a qualified name " + QUALIFIED_NAME_MSG
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errs;
        }
        if (name.isEmpty()) {
            errs.add("name part must be non-empty");
        } else if (name.length() > 63) {
            errs.add("name part must be no more than 63 characters");
        }
        if (!name.isEmpty() && !QUALIFIED_NAME.matcher(name).matches()) {
            errs.add("name part " + QUALIFIED_NAME_MSG);
        }
        return errs;
    }

    /** Problems with a label value (IsValidLabelValue); empty when valid. */
    static List<String> valueErrors(String value) {
        List<String> errs = new ArrayList<>();
        if (value.length() > 63) {
            errs.add("must be no more than 63 characters");
        }
        if (!LABEL_VALUE.matcher(value).matches()) {
            errs.add(LABEL_VALUE_MSG);
        }
        return errs;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('"').toString();
    }
}
