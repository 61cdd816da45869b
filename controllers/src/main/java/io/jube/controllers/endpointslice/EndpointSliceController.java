package io.jube.controllers.endpointslice;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.api.Json;
import io.jube.controllers.endpoint.ServicePods;
import io.jube.controllers.framework.Controller;
import io.jube.controllers.framework.ControllerContext;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.OwnerRefs;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' EndpointSlice controller: for each selector-based Service, discovery.k8s.io/v1 EndpointSlices
 * (labelled {@code kubernetes.io/service-name} and managed by {@code endpointslice-controller.k8s.io}, owned by
 * the Service) holding at most {@link #MAX_ENDPOINTS} endpoints each, one per selected pod with its ready, serving
 * and terminating conditions. Pods are grouped by address type and by the ports they resolve to; existing slices
 * are reused in place, extra ones deleted.
 */
public final class EndpointSliceController implements Controller {
    public static final String NAME = "endpointslice";
    public static final String SERVICE_NAME = "kubernetes.io/service-name";
    public static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    public static final String CONTROLLER = "endpointslice-controller.k8s.io";
    static final String BY_SERVICE = "byService";
    static final int MAX_ENDPOINTS = 100;

    private KubernetesClient client;
    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<EndpointSlice> slices;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void setup(ControllerContext ctx) {
        this.client = ctx.client();
        this.services = ctx.informer(Service.class);
        this.pods = ctx.informer(Pod.class);
        this.slices = ctx.informer(EndpointSlice.class);
        ctx.index(EndpointSlice.class, BY_SERVICE, s -> ours(s)
                ? List.of(Keys.of(s.getMetadata().getNamespace(), s.getMetadata().getLabels().get(SERVICE_NAME))) : List.of());
        ctx.watch(Service.class, e -> List.of(Keys.of(e.object())));
        ctx.watch(Pod.class, e -> ServicePods.servicesFor(e, services));
        ctx.watch(EndpointSlice.class, e -> ours(e.object())
                ? List.of(Keys.of(e.object().getMetadata().getNamespace(), e.object().getMetadata().getLabels().get(SERVICE_NAME)))
                : List.of());
    }

    private static boolean ours(EndpointSlice s) {
        Map<String, String> l = s.getMetadata().getLabels();
        return l != null && CONTROLLER.equals(l.get(MANAGED_BY)) && l.get(SERVICE_NAME) != null;
    }

    /** One slice's worth of content. */
    record Desired(String addressType, List<EndpointPort> ports, List<Endpoint> endpoints) {
    }

    @Override
    public Result reconcile(String key) {
        if (ServicePods.KUBERNETES_SERVICE.equals(key)) {
            return Result.done();
        }
        List<EndpointSlice> existing = new ArrayList<>(slices.getIndexer().byIndex(BY_SERVICE, key));
        existing.sort(Comparator.comparing(s -> s.getMetadata().getName()));
        Service svc = services.getIndexer().getByKey(key);
        if (svc == null || !ServicePods.managed(svc) || svc.getMetadata().getDeletionTimestamp() != null) {
            existing.forEach(this::delete); // slices of a Service without selector are not ours to keep
            return Result.done();
        }
        List<Desired> desired = desired(svc, ServicePods.backing(svc, pods));
        Map<String, String> labels = svc.getMetadata().getLabels() == null ? new HashMap<>() : new HashMap<>(svc.getMetadata().getLabels());
        labels.put(SERVICE_NAME, svc.getMetadata().getName());
        labels.put(MANAGED_BY, CONTROLLER);
        if ("None".equals(svc.getSpec().getClusterIP())) {
            labels.put("service.kubernetes.io/headless", "");
        }
        int i = 0;
        for (Desired d : desired) {
            EndpointSlice current = i < existing.size() ? existing.get(i) : null;
            i++;
            if (current != null && current.getAddressType().equals(d.addressType())
                    && same(current.getEndpoints(), d.endpoints()) && same(current.getPorts(), d.ports())
                    && labels.equals(current.getMetadata().getLabels())) {
                continue;
            }
            EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata()
                    .withNamespace(svc.getMetadata().getNamespace()).withLabels(labels)
                    .withOwnerReferences(OwnerRefs.controllerRef(svc)).endMetadata()
                    .withAddressType(d.addressType()).withEndpoints(d.endpoints()).withPorts(d.ports()).build();
            var api = client.discovery().v1().endpointSlices().inNamespace(svc.getMetadata().getNamespace());
            if (current == null || !current.getAddressType().equals(d.addressType())) {
                if (current != null) {
                    delete(current); // addressType is immutable
                }
                slice.getMetadata().setGenerateName(svc.getMetadata().getName() + "-");
                api.resource(slice).create();
            } else {
                slice.getMetadata().setName(current.getMetadata().getName());
                slice.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                api.resource(slice).update();
            }
        }
        for (; i < existing.size(); i++) {
            delete(existing.get(i));
        }
        return Result.done();
    }

    private static boolean same(Object a, Object b) {
        return Json.MAPPER.valueToTree(a == null ? List.of() : a).equals(Json.MAPPER.valueToTree(b == null ? List.of() : b));
    }

    private void delete(EndpointSlice s) {
        try {
            client.discovery().v1().endpointSlices().inNamespace(s.getMetadata().getNamespace())
                    .withName(s.getMetadata().getName()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The slices a Service needs: endpoints grouped by (address type, resolved ports), chunked by MAX_ENDPOINTS. */
    static List<Desired> desired(Service svc, List<Pod> backing) {
        Map<String, Map<List<EndpointPort>, List<Endpoint>>> groups = new LinkedHashMap<>();
        List<ServicePort> svcPorts = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
        boolean publishNotReady = Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
        for (Pod p : backing) {
            List<EndpointPort> ports = new ArrayList<>();
            for (ServicePort sp : svcPorts) {
                Integer port = ServicePods.targetPort(sp, p);
                if (port != null) {
                    ports.add(new EndpointPortBuilder().withName(sp.getName() == null ? "" : sp.getName()).withPort(port)
                            .withProtocol(sp.getProtocol() == null ? "TCP" : sp.getProtocol())
                            .withAppProtocol(sp.getAppProtocol()).build());
                }
            }
            ports.sort(Comparator.comparing(EndpointPort::getName));
            String ip = ServicePods.ip(p);
            String type = ip.contains(":") ? "IPv6" : "IPv4";
            boolean terminating = p.getMetadata().getDeletionTimestamp() != null;
            boolean serving = Pods.isReady(p) || publishNotReady;
            Endpoint ep = new EndpointBuilder().withAddresses(ip)
                    .withNewConditions().withReady(serving && (!terminating || publishNotReady))
                    .withServing(serving).withTerminating(terminating).endConditions()
                    .withHostname(ServicePods.hostname(svc, p)).withNodeName(p.getSpec().getNodeName())
                    .withNewTargetRef().withKind("Pod").withNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).withUid(p.getMetadata().getUid()).endTargetRef().build();
            groups.computeIfAbsent(type, t -> new LinkedHashMap<>()).computeIfAbsent(ports, k -> new ArrayList<>()).add(ep);
        }
        List<Desired> out = new ArrayList<>();
        groups.forEach((type, byPorts) -> byPorts.forEach((ports, eps) -> {
            for (int from = 0; from < eps.size(); from += MAX_ENDPOINTS) {
                out.add(new Desired(type, ports, eps.subList(from, Math.min(eps.size(), from + MAX_ENDPOINTS))));
            }
        }));
        if (out.isEmpty()) {
            // a Service with no endpoints still has one (empty) placeholder slice, as in Kubernetes
            out.add(new Desired("IPv4", List.of(), List.of()));
        }
        return out;
    }
}
