package io.jube.controllers.endpoint;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes' endpoints controller: keeps a core/v1 Endpoints object per selector-based Service listing the IPs of
 * the selected pods — ready ones in {@code addresses}, others in {@code notReadyAddresses} — with the service's
 * ports resolved to each pod's container ports. Pods that resolve to the same ports share a subset.
 */
public final class EndpointsController implements Controller {
    public static final String NAME = "endpoint";
    static final String HEADLESS = "service.kubernetes.io/headless";

    private KubernetesClient client;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Endpoints> endpoints;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.client = ctx.client();
        this.services = ctx.informer(Service.class);
        this.pods = ctx.informer(Pod.class);
        this.endpoints = ctx.informer(Endpoints.class);
        ctx.watch(Service.class, e -> List.of(Keys.of(e.object())));
        ctx.watch(Pod.class, e -> ServicePods.servicesFor(e, services));
        ctx.watch(Endpoints.class, e -> {
            Service svc = services.getIndexer().getByKey(Keys.of(e.object()));
            return svc != null && ServicePods.managed(svc) ? List.of(Keys.of(e.object())) : List.of(); // repair edits
        });
    }

    @Override
    public Result reconcile(String key) {
        if (ServicePods.KUBERNETES_SERVICE.equals(key)) {
            return Result.done();
        }
        Service svc = services.getIndexer().getByKey(key);
        String ns = Keys.namespace(key);
        String name = Keys.name(key);
        if (svc == null) {
            try {
                client.endpoints().inNamespace(ns).withName(name).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
            return Result.done();
        }
        if (!ServicePods.managed(svc)) {
            return Result.done(); // user-managed endpoints stay as they are
        }
        List<EndpointSubset> subsets = subsets(svc, ServicePods.backing(svc, pods));
        Map<String, String> labels = svc.getMetadata().getLabels() == null ? new HashMap<>() : new HashMap<>(svc.getMetadata().getLabels());
        if ("None".equals(svc.getSpec().getClusterIP())) {
            labels.put(HEADLESS, "");
        }
        Endpoints current = endpoints.getIndexer().getByKey(key);
        if (current != null && same(current.getSubsets(), subsets)
                && Objects.equals(current.getMetadata().getLabels() == null ? Map.of() : current.getMetadata().getLabels(), labels)) {
            return Result.done();
        }
        Endpoints desired = new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(ns).withLabels(labels)
                .endMetadata().withSubsets(subsets).build();
        if (current == null) {
            try {
                client.endpoints().inNamespace(ns).resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                current = client.endpoints().inNamespace(ns).withName(name).get(); // exists already (cache lag): update it
            }
        }
        if (current != null) {
            desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
            desired.getMetadata().setAnnotations(current.getMetadata().getAnnotations());
            client.endpoints().inNamespace(ns).resource(desired).update();
        }
        return Result.done();
    }

    /** Compared as JSON, so absent and empty fields match what the server echoes back (no update loops). */
    static boolean same(Object a, Object b) {
        return Json.MAPPER.valueToTree(a == null ? List.of() : a).equals(Json.MAPPER.valueToTree(b == null ? List.of() : b));
    }

    /** Groups the pods' addresses by the port list they resolve to, in a stable order. */
    static List<EndpointSubset> subsets(Service svc, List<Pod> backing) {
        Map<List<EndpointPort>, List<List<EndpointAddress>>> groups = new LinkedHashMap<>();
        for (Pod p : backing) {
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : svc.getSpec().getPorts() == null ? List.<ServicePort>of() : svc.getSpec().getPorts()) {
                Integer port = ServicePods.targetPort(sp, p);
                if (port != null) {
                    ports.add(new EndpointPortBuilder().withName(sp.getName()).withPort(port)
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .withAppProtocol(sp.getAppProtocol()).build());
                }
            }
            if (ports.isEmpty() && svc.getSpec().getPorts() != null && !svc.getSpec().getPorts().isEmpty()) {
                continue; // serves none of the service's ports
            }
            ports.sort(Comparator.comparing((EndpointPort x) -> x.getName() == null ? "" : x.getName()));
            EndpointAddress addr = new EndpointAddressBuilder().withIp(ServicePods.ip(p))
                    .withHostname(ServicePods.hostname(svc, p)).withNodeName(p.getSpec().getNodeName())
                    .withNewTargetRef().withKind("Pod").withNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).withUid(p.getMetadata().getUid()).endTargetRef().build();
            List<List<EndpointAddress>> g = groups.computeIfAbsent(ports, k -> List.of(new ArrayList<>(), new ArrayList<>()));
            boolean ready = ServicePods.ready(svc, p) && (p.getMetadata().getDeletionTimestamp() == null
                    || Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses()));
            g.get(ready ? 0 : 1).add(addr);
        }
        List<EndpointSubset> out = new ArrayList<>();
        groups.forEach((ports, addrs) -> {
            addrs.forEach(l -> l.sort(Comparator.comparing(EndpointAddress::getIp)));
            out.add(new EndpointSubset(addrs.get(0), addrs.get(1), ports));
        });
        return out;
    }
}
