package io.jube.api.catalogue;

import io.jube.api.printers.Printers;
import io.jube.api.strategy.Strategies;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every resource the API server serves: the built-in ones below and, at run time, those of
 * CustomResourceDefinitions. Lookups are by group/version/plural (URLs) and group/version/kind.
 */
public final class Catalogue {
    public static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private final List<ResourceDef> resources = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** The built-in resources of Kubernetes 1.32 that Jube serves. */
    public static Catalogue builtIn() {
        Catalogue c = new Catalogue();
        BuiltIns.register(c);
        return c;
    }

    public void add(ResourceDef def) {
        resources.removeIf(r -> r.group().equals(def.group()) && r.version().equals(def.version())
                && r.plural().equals(def.plural()));
        resources.add(def);
        listeners.forEach(Runnable::run);
    }

    /** Removes every version of a resource (e.g. when its CRD is deleted). */
    public void removeResource(String group, String plural) {
        if (resources.removeIf(r -> r.group().equals(group) && r.plural().equals(plural))) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Called after every change (discovery and OpenAPI caches listen). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    public List<ResourceDef> all() {
        return Collections.unmodifiableList(resources);
    }

    public Optional<ResourceDef> find(String group, String version, String plural) {
        for (ResourceDef r : resources) {
            if (r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    public Optional<ResourceDef> findKind(String group, String version, String kind) {
        for (ResourceDef r : resources) {
            if (r.group().equals(group) && r.version().equals(version) && r.kind().equals(kind)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** The resource stored under a storage key, in its storage version. */
    public Optional<ResourceDef> storageDef(String storageKey) {
        for (ResourceDef r : resources) {
            if (r.storageKey().equals(storageKey) && r.isStorageVersion()) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Group → versions in preference order (the first is preferred), groups in discovery order. */
    public Map<String, List<String>> groupVersions() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ResourceDef r : resources) {
            List<String> vs = out.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!vs.contains(r.version())) {
                vs.add(r.version());
            }
        }
        out.values().forEach(vs -> vs.sort(Catalogue::compareVersions));
        return out;
    }

    public List<ResourceDef> inGroupVersion(String group, String version) {
        List<ResourceDef> out = new ArrayList<>();
        for (ResourceDef r : resources) {
            if (r.group().equals(group) && r.version().equals(version)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Kubernetes' version priority: GA > beta > alpha, higher numbers first. */
    public static int compareVersions(String a, String b) {
        return Integer.compare(versionRank(b), versionRank(a));
    }

    private static int versionRank(String v) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?").matcher(v);
        if (!m.matches()) {
            return -1_000_000;
        }
        int major = Integer.parseInt(m.group(1));
        if (m.group(2) == null) {
            return 3_000_000 + major * 1000;
        }
        int minor = Integer.parseInt(m.group(3));
        return (m.group(2).equals("beta") ? 2_000_000 : 1_000_000) + major * 1000 + minor;
    }

    /** Builder for catalogue entries. */
    public static final class Builder {
        private final String group;
        private final String version;
        private final String plural;
        private final String kind;
        private String singular;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> categories = List.of();
        private List<String> verbs = ALL_VERBS;
        private Set<String> subresources = Set.of();
        private String storageVersion;
        private String storageGroup;
        private String storagePlural;
        private Class<?> modelClass;
        private Conversion conversion = Conversion.NONE;

        public Builder(String group, String version, String plural, String kind) {
            this.group = group;
            this.version = version;
            this.plural = plural;
            this.kind = kind;
            this.singular = kind.toLowerCase();
            this.storageVersion = version;
            this.storageGroup = group;
            this.storagePlural = plural;
        }

        public Builder clusterScoped() {
            namespaced = false;
            return this;
        }

        public Builder shortNames(String... names) {
            shortNames = List.of(names);
            return this;
        }

        public Builder categories(String... cats) {
            categories = List.of(cats);
            return this;
        }

        public Builder verbs(String... v) {
            verbs = List.of(v);
            return this;
        }

        public Builder subresources(String... s) {
            subresources = Set.of(s);
            return this;
        }

        public Builder model(Class<?> c) {
            modelClass = c;
            return this;
        }

        /** Stored as another group/version/resource, converted by {@code conv}. */
        public Builder storedAs(String group, String version, String plural, Conversion conv) {
            storageGroup = group;
            storageVersion = version;
            storagePlural = plural;
            conversion = conv;
            return this;
        }

        public Builder storageVersion(String v, Conversion conv) {
            return storedAs(group, v, plural, conv);
        }

        public ResourceDef build() {
            return new ResourceDef(group, version, plural, singular, kind, namespaced, shortNames, categories,
                    verbs, subresources, storageGroup + "/" + storagePlural, storageVersion, modelClass,
                    Strategies.forKind(group, kind), Printers.columns(group, kind), conversion);
        }
    }

    public Collection<ResourceDef> byStorageKey(String storageKey) {
        List<ResourceDef> out = new ArrayList<>();
        for (ResourceDef r : resources) {
            if (r.storageKey().equals(storageKey)) {
                out.add(r);
            }
        }
        return out;
    }
}
