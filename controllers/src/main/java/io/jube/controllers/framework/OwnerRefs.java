package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Optional;

/** Controller owner references ({@code controller: true}): at most one per object. */
public final class OwnerRefs {
    /** Index of objects by the uid of their controller. */
    public static final String BY_CONTROLLER_UID = "controllerUid";

    private OwnerRefs() {
    }

    public static Optional<OwnerReference> controllerOf(HasMetadata obj) {
        List<OwnerReference> refs = obj.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    /** For {@link ControllerContext#index}: the uid of the object's controller, if any. */
    public static List<String> controllerUidIndex(HasMetadata obj) {
        return controllerOf(obj).map(r -> List.of(r.getUid())).orElse(List.of());
    }

    public static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    /** True if {@code obj}'s controller is {@code owner} (same uid). */
    public static boolean isControlledBy(HasMetadata obj, HasMetadata owner) {
        return controllerOf(obj).map(r -> r.getUid().equals(owner.getMetadata().getUid())).orElse(false);
    }
}
