package io.jube.api.validation;

import java.util.List;

/**
 * How a kind's {@code metadata.name} is checked, as Kubernetes' per-kind name validators. The
 * {@code prefix} form checks a {@code generateName}, whose trailing '-' is masked first.
 */
public enum NameRule {
    DNS1123_SUBDOMAIN {
        @Override
        public List<String> check(String name, boolean prefix) {
            return Names.isDns1123Subdomain(prefix ? maskTrailingDash(name) : name);
        }
    },
    DNS1123_LABEL {
        @Override
        public List<String> check(String name, boolean prefix) {
            return Names.isDns1123Label(prefix ? maskTrailingDash(name) : name);
        }
    },
    DNS1035_LABEL {
        @Override
        public List<String> check(String name, boolean prefix) {
            return Names.isDns1035Label(prefix ? maskTrailingDash(name) : name);
        }
    },
    PATH_SEGMENT {
        @Override
        public List<String> check(String name, boolean prefix) {
            return Names.isPathSegmentName(name, prefix);
        }
    };

    public abstract List<String> check(String name, boolean prefix);

    /** A generated name gets a random suffix, so "web-" is a fine prefix: replace a final '-' by 'a'. */
    static String maskTrailingDash(String name) {
        if (name.length() > 1 && name.endsWith("-")) {
            return name.substring(0, name.length() - 1) + "a";
        }
        return name;
    }
}
