package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A compiled pod (anti-)affinity term. The namespaces it applies to are its {@code namespaces} list plus those
 * matched by {@code namespaceSelector}; with neither, the owning pod's namespace.
 */
public record AffinityTerm(LabelSelector selector, Set<String> namespaces, LabelSelector namespaceSelector,
                           String topologyKey, int weight) {

    public static AffinityTerm of(PodAffinityTerm t, String podNamespace, int weight) {
        LabelSelector sel = t.getLabelSelector() == null ? LabelSelector.nothing()
                : LabelSelector.fromJson(Json.MAPPER.valueToTree(t.getLabelSelector()));
        Set<String> ns = t.getNamespaces() == null ? Set.of() : Set.copyOf(t.getNamespaces());
        LabelSelector nsSel = t.getNamespaceSelector() == null ? null
                : LabelSelector.fromJson(Json.MAPPER.valueToTree(t.getNamespaceSelector()));
        if (ns.isEmpty() && nsSel == null) {
            ns = Set.of(podNamespace);
        }
        return new AffinityTerm(sel, ns, nsSel, t.getTopologyKey() == null ? "" : t.getTopologyKey(), weight);
    }

    /** Whether {@code pod} is selected by this term; {@code namespaceLabels} resolves a namespace's labels. */
    public boolean matches(PodInfo pod, Function<String, Map<String, String>> namespaceLabels) {
        boolean nsOk = namespaces.contains(pod.namespace())
                || (namespaceSelector != null && namespaceSelector.matches(namespaceLabels.apply(pod.namespace())));
        return nsOk && selector.matches(pod.labels());
    }
}
