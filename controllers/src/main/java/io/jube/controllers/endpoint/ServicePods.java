package io.jube.controllers.endpoint;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.jube.controllers.framework.Keys;
import io.jube.controllers.framework.ObjectEvent;
import io.jube.controllers.framework.Pods;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the endpoints and endpointslice controllers share: which pods back a Service, how a service port maps to a
 * pod's port, and which Services a pod event concerns.
 */
public final class ServicePods {
    /** The API server maintains this Service's endpoints itself. */
    public static final String KUBERNETES_SERVICE = "default/kubernetes";

    private ServicePods() {
    }

    /** True if the Service's endpoints come from its selector (not user-managed, not the API server's own). */
    public static boolean managed(Service svc) {
        Map<String, String> sel = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        return sel != null && !sel.isEmpty() && !KUBERNETES_SERVICE.equals(Keys.of(svc))
                && !"ExternalName".equals(svc.getSpec().getType());
    }

    public static boolean selects(Service svc, Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        return labels.entrySet().containsAll(svc.getSpec().getSelector().entrySet());
    }

    /** Pods selected by {@code svc} that have an IP and have not finished. */
    public static List<Pod> backing(Service svc, SharedIndexInformer<Pod> pods) {
        List<Pod> out = new ArrayList<>();
        for (Pod p : pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, svc.getMetadata().getNamespace())) {
            String phase = Pods.phase(p);
            if (selects(svc, p) && ip(p) != null && !"Succeeded".equals(phase) && !"Failed".equals(phase)) {
                out.add(p);
            }
        }
        out.sort((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()));
        return out;
    }

    public static String ip(Pod p) {
        String ip = p.getStatus() == null ? null : p.getStatus().getPodIP();
        return ip == null || ip.isEmpty() ? null : ip;
    }

    /** Ready as the endpoints see it: the pod is Ready, or the Service publishes not-ready addresses. */
    public static boolean ready(Service svc, Pod p) {
        return Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses()) || Pods.isReady(p);
    }

    /** The pod's hostname in the Service's DNS subdomain, or null. */
    public static String hostname(Service svc, Pod p) {
        String h = p.getSpec().getHostname();
        return h != null && !h.isEmpty() && svc.getMetadata().getName().equals(p.getSpec().getSubdomain()) ? h : null;
    }

    /**
     * The pod port {@code sp} targets: a number as given, or a name looked up among the containers' ports of the
     * same protocol; null when the pod has no such named port (the pod then does not serve this port).
     */
    public static Integer targetPort(ServicePort sp, Pod pod) {
        IntOrString target = sp.getTargetPort();
        if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
            return sp.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort cp : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                String cpProtocol = cp.getProtocol() == null ? "TCP" : cp.getProtocol();
                if (target.getStrVal().equals(cp.getName()) && protocol.equals(cpProtocol)) {
                    return cp.getContainerPort();
                }
            }
        }
        return null;
    }

    /** The Services whose endpoints a pod event may change: those selecting the pod before or after. */
    public static Set<String> servicesFor(ObjectEvent<Pod> e, SharedIndexInformer<Service> services) {
        Pod pod = e.object();
        Pod old = e.oldObject();
        if (old != null && Objects.equals(old.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
            return Set.of(); // resync
        }
        Set<String> keys = new LinkedHashSet<>();
        for (Service svc : services.getIndexer().byIndex(Cache.NAMESPACE_INDEX, pod.getMetadata().getNamespace())) {
            if (managed(svc) && (selects(svc, pod) || (old != null && selects(svc, old)))) {
                keys.add(Keys.of(svc));
            }
        }
        return keys;
    }
}
