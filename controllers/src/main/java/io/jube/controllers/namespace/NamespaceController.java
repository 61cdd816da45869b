package io.jube.controllers.namespace;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.garbagecollector.ApiDiscovery;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Result;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties namespaces being deleted: while a namespace has a deletionTimestamp and the {@code kubernetes} finalizer
 * in {@code spec.finalizers}, deletes every object of every namespaced resource in it (custom resources too), and
 * once nothing is left removes the finalizer through {@code PUT /api/v1/namespaces/<name>/finalize}, after which
 * the API server removes the namespace. Objects still terminating (graceful pods, finalizers) requeue the key.
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
        int remaining = 0;
        List<String> failures = new ArrayList<>();
        for (ResourceDefinitionContext rdc : ApiDiscovery.resources(client, Set.of("list", "delete"))) {
            if (!rdc.isNamespaceScoped()) {
                continue;
            }
            try {
                remaining += deleteAll(rdc, name);
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 405) { // resource gone meanwhile / not deletable
                    failures.add(rdc.getPlural() + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("namespace " + name + ": failed to delete content: " + failures);
        }
        if (remaining > 0) {
            LOG.debug("namespace {}: {} objects still terminating", name, remaining);
            return Result.requeueAfter(RECHECK);
        }
        finalizeNamespace(ns);
        return Result.done();
    }

    /** Deletes every object of one resource in the namespace; returns how many are still there. */
    private int deleteAll(ResourceDefinitionContext rdc, String namespace) {
        var ops = client.genericKubernetesResources(rdc).inNamespace(namespace);
        List<GenericKubernetesResource> items = ops.list().getItems();
        int remaining = 0;
        for (GenericKubernetesResource item : items) {
            remaining++;
            if (item.getMetadata().getDeletionTimestamp() == null) {
                ops.withName(item.getMetadata().getName()).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            }
        }
        return remaining;
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
