package io.jube.controllers.garbagecollector;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The server's resources (built-in and custom) at their preferred versions, through discovery. */
public final class ApiDiscovery {
    private ApiDiscovery() {
    }

    /** Top-level resources (no subresources) that support all of {@code verbs}, one per group and name. */
    public static List<ResourceDefinitionContext> resources(KubernetesClient client, Set<String> verbs) {
        List<String> groupVersions = new ArrayList<>();
        groupVersions.add("v1");
        APIGroupList groups = client.getApiGroups();
        if (groups != null && groups.getGroups() != null) {
            for (APIGroup g : groups.getGroups()) {
                if (g.getPreferredVersion() != null) {
                    groupVersions.add(g.getPreferredVersion().getGroupVersion());
                }
            }
        }
        List<ResourceDefinitionContext> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String gv : groupVersions) {
            APIResourceList list = client.getApiResources(gv);
            if (list == null || list.getResources() == null) {
                continue;
            }
            int slash = gv.indexOf('/');
            String group = slash < 0 ? "" : gv.substring(0, slash);
            String version = slash < 0 ? gv : gv.substring(slash + 1);
            for (APIResource r : list.getResources()) {
                List<String> have = r.getVerbs() == null ? List.of() : r.getVerbs();
                if (r.getName().contains("/") || !have.containsAll(verbs) || !seen.add(group + "/" + r.getName())) {
                    continue;
                }
                out.add(new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version)
                        .withPlural(r.getName()).withKind(r.getKind())
                        .withNamespaced(Boolean.TRUE.equals(r.getNamespaced())).build());
            }
        }
        return out;
    }
}
