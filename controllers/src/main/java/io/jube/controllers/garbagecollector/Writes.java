package io.jube.controllers.garbagecollector;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
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

    static void removeOwnerRefs(Item item, Set<String> uids) {
        ObjectNode patch = metaPatch(item.obj());
        ArrayNode refs = ((ObjectNode) patch.get("metadata")).putArray("ownerReferences");
        for (OwnerReference r : item.obj().getMetadata().getOwnerReferences()) {
            if (!uids.contains(r.getUid())) {
                refs.add(Json.MAPPER.valueToTree(r));
            }
        }
        patch(item, patch);
    }

    static void removeFinalizer(Item item, String finalizer) {
        ObjectNode patch = metaPatch(item.obj());
        ArrayNode list = ((ObjectNode) patch.get("metadata")).putArray("finalizers");
        List<String> current = item.obj().getMetadata().getFinalizers();
        current.stream().filter(f -> !f.equals(finalizer)).forEach(list::add);
        patch(item, patch);
    }

    /** Deletes the object if the live one is still the same (same uid) and not already being deleted. */
    static void delete(Item item, DeletionPropagation policy) {
        HasMetadata live = item.op().get();
        if (live == null || !item.obj().getMetadata().getUid().equals(live.getMetadata().getUid())
                || live.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        LOG.debug("deleting {} ({})", item.describe(), policy);
        try {
            item.op().withPropagationPolicy(policy).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static ObjectNode metaPatch(HasMetadata obj) {
        ObjectNode patch = Json.MAPPER.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", obj.getMetadata().getResourceVersion());
        return patch;
    }

    private static void patch(Item item, ObjectNode patch) {
        try {
            item.op().patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) { // already gone: nothing left to patch
                throw e;
            }
        }
    }
}
