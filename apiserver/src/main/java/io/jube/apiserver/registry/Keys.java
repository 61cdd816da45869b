package io.jube.apiserver.registry;

import io.jube.api.catalogue.ResourceDef;

/** Store keys: {@code /registry/<group>/<resource>/<namespace>/<name>}, core group written as "core". */
public final class Keys {
    private Keys() {
    }

    /** The prefix of every object of a resource (all namespaces). */
    public static String resourcePrefix(ResourceDef def) {
        String sk = def.storageKey();
        int slash = sk.indexOf('/');
        String group = sk.substring(0, slash);
        return "/registry/" + (group.isEmpty() ? "core" : group) + "/" + sk.substring(slash + 1) + "/";
    }

    /** The prefix to list: one namespace, or all when {@code namespace} is null/empty. */
    public static String listPrefix(ResourceDef def, String namespace) {
        String p = resourcePrefix(def);
        return def.namespaced() && namespace != null && !namespace.isEmpty() ? p + namespace + "/" : p;
    }

    public static String key(ResourceDef def, String namespace, String name) {
        return def.namespaced() ? resourcePrefix(def) + namespace + "/" + name : resourcePrefix(def) + name;
    }
}
