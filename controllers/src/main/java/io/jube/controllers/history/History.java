package io.jube.controllers.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.OwnerRefs;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ControllerRevision history of one owner kind (StatefulSet, DaemonSet) as its controller uses it: the revision
 * informer indexed by controller, revision events mapped to their owner, and the owner's revisions found, ensured
 * for the current template and truncated to the history limit.
 */
public final class History {
    /** Kubernetes' default {@code spec.revisionHistoryLimit}. */
    public static final int DEFAULT_LIMIT = 10;

    private final SharedIndexInformer<ControllerRevision> informer;
    private final Revisions revisions;

    private History(SharedIndexInformer<ControllerRevision> informer, Revisions revisions) {
        this.informer = informer;
        this.revisions = revisions;
    }

    /** Call from {@code setup}: watches revisions and enqueues their owner of {@code ownerKind}. */
    public static History watch(ControllerContext ctx, String ownerKind) {
        SharedIndexInformer<ControllerRevision> informer = ctx.informer(ControllerRevision.class);
        ctx.index(ControllerRevision.class, OwnerRefs.BY_CONTROLLER_UID, OwnerRefs::controllerUidIndex);
        ctx.watch(ControllerRevision.class, e -> Owned.ownerKeys(e, ownerKind));
        return new History(informer, new Revisions(ctx.client()));
    }

    /** The owner's revisions as cached. */
    public List<ControllerRevision> of(HasMetadata owner) {
        return Owned.revisions(informer, owner);
    }

    /** The revision of {@code template} (labelled with the template's labels), created or renumbered as needed. */
    public Revisions.Update ensure(HasMetadata owner, PodTemplateSpec template, Integer collisionCount) {
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        return revisions.ensure(owner, template, labels, of(owner), collisionCount == null ? 0 : collisionCount);
    }

    /** Deletes the owner's oldest revisions beyond {@code limit} (null: the default), never one in {@code live}. */
    public void truncate(HasMetadata owner, Set<String> live, Integer limit) {
        revisions.truncate(of(owner), live, limit == null ? DEFAULT_LIMIT : limit);
    }
}
