package io.jube.api.catalogue;

import io.jube.api.printers.Column;
import io.jube.api.strategy.Strategy;
import java.util.List;
import java.util.Set;

/**
 * One resource served at one group/version: everything the generic REST layer, discovery,
 * OpenAPI and table printing need to know. Versions of one resource share {@link #storageKey()}
 * and are converted by {@link #conversion()} to and from the storage version.
 *
 * @param group       API group ("" for core)
 * @param version     version served here
 * @param plural      resource name in URLs
 * @param singular    singular name
 * @param kind        Kind
 * @param namespaced  namespace-scoped (else cluster-scoped)
 * @param shortNames  kubectl short names
 * @param categories  categories such as "all"
 * @param verbs       discovery verbs
 * @param subresources subresources served (status, scale, binding, eviction, log, ...)
 * @param storageKey  "group/plural" of the storage version (shared by all versions)
 * @param storageVersion version objects are stored in
 * @param modelClass  fabric8 model class (for OpenAPI), or null for custom resources
 * @param strategy    kind-specific defaulting and validation
 * @param columns     Table columns (NAME first)
 * @param conversion  converts between this version and the storage version
 */
public record ResourceDef(String group, String version, String plural, String singular, String kind,
                          boolean namespaced, List<String> shortNames, List<String> categories,
                          List<String> verbs, Set<String> subresources, String storageKey,
                          String storageVersion, Class<?> modelClass, Strategy strategy,
                          List<Column> columns, Conversion conversion) {

    public String groupVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean hasStatus() {
        return subresources.contains("status");
    }

    public boolean hasScale() {
        return subresources.contains("scale");
    }

    /** True for the one (group, version) whose objects are stored as they are served. */
    public boolean isStorageVersion() {
        return version.equals(storageVersion) && storageKey.equals(group + "/" + plural);
    }
}
