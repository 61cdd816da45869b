package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Claims children for an owner by selector and controller reference (Kubernetes' ControllerRefManager):
 * children it controls that still match are kept, those that no longer match are released (its ownerReference
 * removed), and matching orphans are adopted (a controller ownerReference added). Children controlled by another
 * owner are never touched. Patches carry the child's uid so a re-created namesake is not modified.
 */
public final class Claimer<C extends HasMetadata> {
    private final KubernetesClient client;
    private final Class<C> childType;
    private final HasMetadata owner;
    private final LabelSelector selector;
    private final Supplier<HasMetadata> freshOwner;
    private Boolean canAdopt;

    /**
     * @param freshOwner reads the owner from the API (not the cache) before the first adoption, so a deleted or
     *                   re-created owner never adopts (Kubernetes' RecheckDeletionTimestamp)
     */
    public Claimer(KubernetesClient client, Class<C> childType, HasMetadata owner, LabelSelector selector,
                   Supplier<HasMetadata> freshOwner) {
        this.client = client;
        this.childType = childType;
        this.owner = owner;
        this.selector = selector;
        this.freshOwner = freshOwner;
    }

    public List<C> claim(Collection<C> candidates) {
        List<C> claimed = new ArrayList<>();
        String ownerUid = owner.getMetadata().getUid();
        boolean ownerDeleting = owner.getMetadata().getDeletionTimestamp() != null;
        for (C child : candidates) {
            OwnerReference ref = OwnerRefs.controllerOf(child).orElse(null);
            boolean matches = selector.matches(child.getMetadata().getLabels() == null ? Map.of() : child.getMetadata().getLabels());
            if (ref != null) {
                if (!ownerUid.equals(ref.getUid())) {
                    continue; // another controller's
                }
                if (matches) {
                    claimed.add(child);
                } else if (!ownerDeleting) {
                    release(child);
                }
                continue;
            }
            if (!matches || ownerDeleting || child.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            if (adopt(child)) {
                claimed.add(child);
            }
        }
        return claimed;
    }

    private boolean adopt(C child) {
        if (canAdopt == null) {
            HasMetadata fresh = freshOwner.get();
            canAdopt = fresh != null && owner.getMetadata().getUid().equals(fresh.getMetadata().getUid())
                    && fresh.getMetadata().getDeletionTimestamp() == null;
        }
        if (!canAdopt) {
            return false;
        }
        var patch = Json.MAPPER.createObjectNode();
        var meta = patch.putObject("metadata");
        meta.putArray("ownerReferences").add(Json.MAPPER.valueToTree(OwnerRefs.controllerRef(owner)));
        meta.put("uid", child.getMetadata().getUid());
        return patch(child, patch.toString());
    }

    private void release(C child) {
        var patch = Json.MAPPER.createObjectNode();
        var meta = patch.putObject("metadata");
        var del = meta.putArray("ownerReferences").addObject();
        del.put("$patch", "delete");
        del.put("uid", owner.getMetadata().getUid());
        meta.put("uid", child.getMetadata().getUid());
        patch(child, patch.toString());
    }

    /** False when the child is gone or cannot be changed any more (deleted, or uid mismatch). */
    private boolean patch(C child, String json) {
        try {
            client.resources(childType).inNamespace(child.getMetadata().getNamespace())
                    .withName(child.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), json);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || e.getCode() == 422 || e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }
}
