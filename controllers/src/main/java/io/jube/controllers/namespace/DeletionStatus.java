package io.jube.controllers.namespace;

import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What one pass over a terminating namespace found, and the status conditions Kubernetes reports for it
 * ({@code NamespaceDeletionDiscoveryFailure}, {@code NamespaceDeletionGroupVersionParsingFailure},
 * {@code NamespaceDeletionContentFailure}, {@code NamespaceContentRemaining}, {@code NamespaceFinalizersRemaining}).
 */
final class DeletionStatus {
    final Map<String, Integer> remainingByResource = new TreeMap<>();
    final Map<String, Integer> remainingByFinalizer = new TreeMap<>();
    final List<String> deleteFailures = new ArrayList<>();
    String discoveryFailure;

    void remaining(String groupResource, List<String> finalizers) {
        remainingByResource.merge(groupResource, 1, Integer::sum);
        if (finalizers != null) {
            finalizers.forEach(f -> remainingByFinalizer.merge(f, 1, Integer::sum));
        }
    }

    int remainingTotal() {
        return remainingByResource.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The five conditions, without transition times (the caller keeps those of unchanged conditions). */
    List<NamespaceCondition> conditions() {
        List<NamespaceCondition> out = new ArrayList<>();
        out.add(discoveryFailure == null
                ? cond("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered")
                : cond("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", discoveryFailure));
        out.add(cond("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions",
                "All legacy kube types successfully parsed"));
        out.add(deleteFailures.isEmpty()
                ? cond("NamespaceDeletionContentFailure", "False", "ContentDeleted",
                        "All content successfully deleted, may be waiting on finalization")
                : cond("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed",
                        "Failed to delete all resource types, " + deleteFailures.size() + " remaining: "
                                + String.join(", ", deleteFailures)));
        out.add(remainingByResource.isEmpty()
                ? cond("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed")
                : cond("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: "
                        + join(remainingByResource, " has ", " resource instances")));
        out.add(remainingByFinalizer.isEmpty()
                ? cond("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished")
                : cond("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain",
                        "Some content in the namespace has finalizers remaining: "
                                + join(remainingByFinalizer, " in ", " resource instances")));
        return out;
    }

    private static String join(Map<String, Integer> counts, String middle, String suffix) {
        return counts.entrySet().stream().map(e -> e.getKey() + middle + e.getValue() + suffix).collect(Collectors.joining(", "));
    }

    private static NamespaceCondition cond(String type, String status, String reason, String message) {
        return new NamespaceConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message).build();
    }
}
