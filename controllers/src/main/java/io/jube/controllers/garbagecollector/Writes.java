package io.jube.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.jube.api.Json;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The garbage collector's API writes. Patches carry the cached resourceVersion, so a stale cache gets a 409 and
 *  the key is retried with fresh data instead of overwriting someone else's change. */
final class Writes {
    private static final Logger LOG = LoggerFactory.getLogger(Writes.class);

    private Writes() {
    }

    static void removeOwnerRefs(KubernetesClient client, TrackedKind kind, HasMetadata obj, Set<String> uids) {
        ObjectNode patch = metaPatch(obj);
        ArrayNode refs = ((ObjectNode) patch.get("metadata")).putArray("ownerReferences");
        for (OwnerReference r : obj.getMetadata().getOwnerReferences()) {
            if (!uids.contains(r.getUid())) {
                refs.add(Json.MAPPER.valueToTree(r));
            }
        }
        patch(client, kind, obj, patch);
    }

    static void removeFinalizer(KubernetesClient client, TrackedKind kind, HasMetadata obj, String finalizer) {
        ObjectNode patch = metaPatch(obj);
        ArrayNode list = ((ObjectNode) patch.get("metadata")).putArray("finalizers");
        List<String> current = obj.getMetadata().getFinalizers();
        current.stream().filter(f -> !f.equals(finalizer)).forEach(list::add);
        patch(client, kind, obj, patch);
    }

    /** Deletes {@code obj} if the live object is still the same one (same uid) and not already being deleted. */
    static void delete(KubernetesClient client, TrackedKind kind, HasMetadata obj, DeletionPropagation policy) {
        var resource = client.resources(kind.type()).inNamespace(obj.getMetadata().getNamespace())
                .withName(obj.getMetadata().getName());
        HasMetadata live = resource.get();
        if (live == null || !obj.getMetadata().getUid().equals(live.getMetadata().getUid())
                || live.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        LOG.debug("deleting {} {}/{} ({})", kind.kind(), obj.getMetadata().getNamespace(), obj.getMetadata().getName(), policy);
        resource.withPropagationPolicy(policy).delete();
    }

    private static ObjectNode metaPatch(HasMetadata obj) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", obj.getMetadata().getResourceVersion());
        return patch;
    }

    private static void patch(KubernetesClient client, TrackedKind kind, HasMetadata obj, ObjectNode patch) {
        try {
            client.resources(kind.type()).inNamespace(obj.getMetadata().getNamespace())
                    .withName(obj.getMetadata().getName())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // already gone: nothing left to patch
                throw e;
            }
        }
    }
}
