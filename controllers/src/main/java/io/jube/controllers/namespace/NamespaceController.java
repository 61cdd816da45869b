package io.jube.controllers.namespace;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Result;
import io.jube.controllers.framework.Times;
import io.jube.controllers.garbagecollector.ApiDiscovery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties namespaces being deleted: while a namespace has a deletionTimestamp and the {@code kubernetes} finalizer
 * in {@code spec.finalizers}, deletes every object of every namespaced resource in it (custom resources too), and
 * once nothing is left removes the finalizer through {@code PUT /api/v1/namespaces/<name>/finalize}, after which
 * the API server removes the namespace. While objects remain (graceful pods, finalizers) the namespace's status
 * conditions say what is left, and the key is looked at again shortly.
 */
public final class NamespaceController implements Controller {
    public static final String NAME = "namespace";
    static final String FINALIZER = "kubernetes";
    private static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);

    private KubernetesClient client;
    private SharedIndexInformer<Namespace> namespaces;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.client = ctx.client();
        this.namespaces = ctx.informer(Namespace.class);
        ctx.watch(Namespace.class, e -> List.of(e.object().getMetadata().getName()));
    }

    @Override
    public Result reconcile(String name) throws Exception {
        Namespace ns = namespaces.getIndexer().getByKey(name);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() == null || ns.getSpec() == null
                || ns.getSpec().getFinalizers() == null || !ns.getSpec().getFinalizers().contains(FINALIZER)) {
            return Result.done();
        }
        DeletionStatus status = new DeletionStatus();
        List<ResourceDefinitionContext> resources = List.of();
        try {
            resources = ApiDiscovery.resources(client, Set.of("list", "delete"));
        } catch (KubernetesClientException e) {
            status.discoveryFailure = "Discovery failed: " + e.getMessage();
        }
        for (ResourceDefinitionContext rdc : resources) {
            if (!rdc.isNamespaceScoped()) {
                continue;
            }
            try {
                deleteAll(rdc, name, status);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 405) { // resource gone meanwhile / not deletable
                    status.deleteFailures.add(groupResource(rdc) + ": " + e.getMessage());
                }
            }
        }
        if (status.discoveryFailure == null && status.deleteFailures.isEmpty() && status.remainingTotal() == 0) {
            finalizeNamespace(ns);
            return Result.done();
        }
        updateConditions(ns, status.conditions());
        if (!status.deleteFailures.isEmpty() || status.discoveryFailure != null) {
            throw new IllegalStateException("namespace " + name + ": content deletion incomplete: "
                    + Objects.requireNonNullElse(status.discoveryFailure, String.join("; ", status.deleteFailures)));
        }
        LOG.debug("namespace {}: {} objects still terminating", name, status.remainingTotal());
        return Result.requeueAfter(RECHECK);
    }

    private static String groupResource(ResourceDefinitionContext rdc) {
        return rdc.getGroup() == null || rdc.getGroup().isEmpty() ? rdc.getPlural() : rdc.getPlural() + "." + rdc.getGroup();
    }

    /** Deletes every object of one resource in the namespace and records what is still there. */
    private void deleteAll(ResourceDefinitionContext rdc, String namespace, DeletionStatus status) {
        var ops = client.genericKubernetesResources(rdc).inNamespace(namespace);
        for (GenericKubernetesResource item : ops.list().getItems()) {
            status.remaining(groupResource(rdc), item.getMetadata().getFinalizers());
            if (item.getMetadata().getDeletionTimestamp() == null) {
                ops.withName(item.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
        }
    }

    /** Writes the conditions if any changed, keeping the transition time of those whose status stayed. */
    private void updateConditions(Namespace ns, List<NamespaceCondition> wanted) {
        List<NamespaceCondition> current = ns.getStatus() == null || ns.getStatus().getConditions() == null
                ? List.of() : ns.getStatus().getConditions();
        String now = Times.format(Instant.now());
        List<NamespaceCondition> merged = new ArrayList<>();
        boolean changed = current.size() != wanted.size();
        for (NamespaceCondition w : wanted) {
            NamespaceCondition old = current.stream().filter(c -> w.getType().equals(c.getType())).findFirst().orElse(null);
            boolean same = old != null && Objects.equals(old.getStatus(), w.getStatus());
            w.setLastTransitionTime(same ? old.getLastTransitionTime() : now);
            changed |= old == null || !same || !Objects.equals(old.getReason(), w.getReason())
                    || !Objects.equals(old.getMessage(), w.getMessage());
            merged.add(w);
        }
        if (!changed) {
            return;
        }
        Namespace updated = new NamespaceBuilder(ns).editOrNewStatus().withConditions(merged).endStatus().build();
        client.namespaces().resource(updated).updateStatus();
    }

    private void finalizeNamespace(Namespace ns) throws Exception {
        Namespace body = new NamespaceBuilder(ns).editSpec()
                .withFinalizers(ns.getSpec().getFinalizers().stream().filter(f -> !f.equals(FINALIZER)).toList())
                .endSpec().build();
        String url = client.getMasterUrl().toString().replaceAll("/$", "")
                + "/api/v1/namespaces/" + ns.getMetadata().getName() + "/finalize";
        HttpRequest req = client.getHttpClient().newHttpRequestBuilder().uri(url)
                .put("application/json", Json.MAPPER.writeValueAsString(body)).build();
        HttpResponse<String> resp = client.getHttpClient().sendAsync(req, String.class).get(30, TimeUnit.SECONDS);
        if (resp.code() == 404) {
            return;
        }
        if (resp.code() == 409) {
            throw new KubernetesClientException("conflict finalizing namespace " + ns.getMetadata().getName(), 409, null);
        }
        if (resp.code() >= 300) {
            throw new IllegalStateException("finalize namespace " + ns.getMetadata().getName() + ": HTTP "
                    + resp.code() + ": " + resp.body());
        }
    }
}
