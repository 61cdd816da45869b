package io.jube.controllers.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jube.api.Json;
import io.jube.controllers.framework.TemplateHash;
import io.jube.controllers.framework.OwnerRefs;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ControllerRevisions of a StatefulSet or DaemonSet (Kubernetes' controller history): each distinct pod template
 * is stored once as {@code {"spec":{"template":{..., "$patch":"replace"}}}} (the patch {@code kubectl rollout undo}
 * applies), named {@code <owner>-<hash>}, with an increasing {@code revision}. A template equal to an old revision
 * reuses it with a bumped revision number, as a Deployment reuses its old ReplicaSet.
 */
public final class Revisions {
    /** Label holding the template hash on revisions and pods. */
    public static final String HASH_LABEL = "controller-revision-hash";
    /** Bounds the retries on hash collisions (a name taken by a revision with other data). */
    private static final int MAX_COLLISIONS = 10;

    private final KubernetesClient client;

    Revisions(KubernetesClient client) {
        this.client = client;
    }

    /** The revision data for {@code template}. */
    public static JsonNode data(PodTemplateSpec template) {
        ObjectNode t = Json.MAPPER.valueToTree(template);
        t.put("$patch", "replace");
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.set("template", t);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("spec", spec);
        return root;
    }

    /** The pod template stored in a revision (null if the data is not a template patch). */
    public static PodTemplateSpec template(ControllerRevision rev) {
        JsonNode data = Json.MAPPER.valueToTree(rev.getData());
        JsonNode t = data.path("spec").path("template");
        if (!t.isObject()) {
            return null;
        }
        ObjectNode copy = ((ObjectNode) t).deepCopy();
        copy.remove("$patch");
        return Json.MAPPER.convertValue(copy, PodTemplateSpec.class);
    }

    public static boolean sameTemplate(ControllerRevision rev, PodTemplateSpec template) {
        PodTemplateSpec stored = template(rev);
        return stored != null && TemplateHash.equalIgnoringHash(stored, template);
    }

    public static long number(ControllerRevision rev) {
        return rev.getRevision() == null ? 0 : rev.getRevision();
    }

    public static List<ControllerRevision> sorted(List<ControllerRevision> revs) {
        List<ControllerRevision> out = new ArrayList<>(revs);
        out.sort(Comparator.comparingLong(Revisions::number).thenComparing(r -> r.getMetadata().getName()));
        return out;
    }

    /** The outcome of {@link #ensure}: the revision for the current template and the collision count to record. */
    public record Update(ControllerRevision revision, int collisionCount) {
        /** The template hash (the revision name without the owner prefix). */
        public String hash() {
            return revision.getMetadata().getLabels().get(HASH_LABEL);
        }
    }

    /**
     * Finds or creates the revision of {@code template} among {@code owned} (the owner's revisions); if an older
     * revision has the same template it gets the next revision number instead of a new object being made.
     */
    Update ensure(HasMetadata owner, PodTemplateSpec template, Map<String, String> labels,
                         List<ControllerRevision> owned, int collisionCount) {
        long next = owned.stream().mapToLong(Revisions::number).max().orElse(0) + 1;
        List<ControllerRevision> equal = sorted(owned.stream().filter(r -> sameTemplate(r, template)).toList());
        if (!equal.isEmpty()) {
            ControllerRevision newest = equal.get(equal.size() - 1);
            if (number(newest) == next - 1) {
                return new Update(newest, collisionCount);
            }
            newest.setRevision(next);
            return new Update(client.resource(newest).update(), collisionCount);
        }
        String ns = owner.getMetadata().getNamespace();
        for (int attempt = 0; attempt <= MAX_COLLISIONS; attempt++) {
            String hash = TemplateHash.of(template, collisionCount == 0 ? null : collisionCount);
            Map<String, String> revLabels = new HashMap<>(labels);
            revLabels.put(HASH_LABEL, hash);
            ControllerRevision rev = new ControllerRevisionBuilder().withNewMetadata()
                    .withName(owner.getMetadata().getName() + "-" + hash).withNamespace(ns).withLabels(revLabels)
                    .withOwnerReferences(OwnerRefs.controllerRef(owner)).endMetadata()
                    .withData(Json.MAPPER.convertValue(data(template), Object.class)).withRevision(next).build();
            try {
                return new Update(client.resource(rev).create(), collisionCount);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                ControllerRevision existing = client.resources(ControllerRevision.class).inNamespace(ns)
                        .withName(rev.getMetadata().getName()).get();
                if (existing != null && OwnerRefs.isControlledBy(existing, owner) && sameTemplate(existing, template)) {
                    existing.setRevision(next);
                    return new Update(client.resource(existing).update(), collisionCount);
                }
                collisionCount++; // the name is taken by other data: hash again with a new collision count
            }
        }
        throw new IllegalStateException("too many ControllerRevision hash collisions for " + owner.getMetadata().getName());
    }

    /**
     * Deletes the oldest revisions beyond {@code limit}, never one in {@code live} (revisions pods still run or the
     * status names).
     */
    void truncate(List<ControllerRevision> owned, Set<String> live, int limit) {
        List<ControllerRevision> candidates = sorted(owned.stream()
                .filter(r -> !live.contains(r.getMetadata().getName())).toList());
        for (int i = 0; i < candidates.size() - Math.max(0, limit); i++) {
            try {
                client.resource(candidates.get(i)).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
    }
}
