package io.jube.controllers.history;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.OwnerRefs;
import java.util.List;
import java.util.Optional;

/** Maps a child (pod, revision) to the key of its controller of one kind, and lists an owner's revisions. */
public final class Owned {
    private Owned() {
    }

    /** The owner key of the event's object if its controller is of {@code kind}; none otherwise. */
    public static List<String> ownerKeys(ObjectEvent<? extends HasMetadata> e, String kind) {
        List<String> keys = new java.util.ArrayList<>();
        ownerKey(e.object(), kind).ifPresent(keys::add);
        if (e.oldObject() != null) {
            ownerKey(e.oldObject(), kind).filter(k -> !keys.contains(k)).ifPresent(keys::add);
        }
        return keys;
    }

    public static Optional<String> ownerKey(HasMetadata child, String kind) {
        Optional<OwnerReference> ref = OwnerRefs.controllerOf(child);
        return ref.filter(r -> kind.equals(r.getKind()))
                .map(r -> Keys.of(child.getMetadata().getNamespace(), r.getName()));
    }

    /** The owner's revisions from the informer (indexed with {@link OwnerRefs#BY_CONTROLLER_UID}). */
    public static List<ControllerRevision> revisions(SharedIndexInformer<ControllerRevision> informer, HasMetadata owner) {
        return informer.getIndexer().byIndex(OwnerRefs.BY_CONTROLLER_UID, owner.getMetadata().getUid());
    }
}
