package io.jube.controllers.serviceaccount;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.Result;
import java.util.List;

/**
 * Keeps a {@code default} ServiceAccount in every active namespace, re-creating it when deleted (Kubernetes'
 * serviceaccount controller). Namespaces being deleted are left alone. Keys are namespace names.
 */
public final class ServiceAccountsController implements Controller {
    public static final String NAME = "serviceaccount";
    static final String DEFAULT = "default";

    private KubernetesClient client;
    private SharedIndexInformer<Namespace> namespaces;
    private SharedIndexInformer<ServiceAccount> accounts;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.client = ctx.client();
        this.namespaces = ctx.informer(Namespace.class);
        this.accounts = ctx.informer(ServiceAccount.class);
        ctx.watch(Namespace.class, e -> e.type() == ObjectEvent.Type.DELETED ? List.of()
                : List.of(e.object().getMetadata().getName()));
        ctx.watch(ServiceAccount.class, e -> e.type() == ObjectEvent.Type.DELETED
                && DEFAULT.equals(e.object().getMetadata().getName())
                ? List.of(e.object().getMetadata().getNamespace()) : List.of());
    }

    @Override
    public Result reconcile(String namespace) {
        Namespace ns = namespaces.getIndexer().getByKey(namespace);
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null
                || accounts.getIndexer().getByKey(namespace + "/" + DEFAULT) != null) {
            return Result.done();
        }
        try {
            client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder()
                    .withNewMetadata().withName(DEFAULT).endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            // 409: created meanwhile (our cache lags); 403/404: the namespace is terminating or gone
            if (e.getCode() != 409 && e.getCode() != 403 && e.getCode() != 404) {
                throw e;
            }
        }
        return Result.done();
    }
}
