package io.jube.agent;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpoints;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jube.agent.Agent.Options;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Builds the Node a kubelet registers and the status it reports: capacity and allocatable, the four
 * node conditions, addresses, daemon endpoints and system info. For an adopted node the existing
 * capacity is kept; conditions keep their lastTransitionTime while their status does not change.
 */
final class NodeStatusFactory {
    static final int KUBELET_PORT = 10250;
    private static final List<String[]> CONDITIONS = List.of(
            new String[] {"MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"},
            new String[] {"DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"},
            new String[] {"PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"},
            new String[] {"Ready", "True", "KubeletReady", "kubelet is posting ready status"});

    private final Options options;
    private final String runtimeVersion;
    private final String bootID = UUID.randomUUID().toString();

    NodeStatusFactory(Options options) {
        this.options = options;
        this.runtimeVersion = options.runtime().name() + "://" + options.runtime().version();
    }

    /** The Node object to create when registering. */
    Node newNode(Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("beta.kubernetes.io/arch", options.architecture());
        labels.put("beta.kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", options.architecture());
        labels.put("kubernetes.io/hostname", options.nodeName());
        labels.put("kubernetes.io/os", "linux");
        if (options.instanceType() != null) {
            labels.put("node.kubernetes.io/instance-type", options.instanceType());
        }
        labels.putAll(options.labels());
        NodeBuilder b = new NodeBuilder().withNewMetadata()
                .withName(options.nodeName())
                .withLabels(labels)
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .endMetadata()
                .withNewSpec().withTaints(options.taints()).endSpec();
        if (options.podCidr() != null) {
            b.editSpec().withPodCIDR(options.podCidr()).withPodCIDRs(options.podCidr()).endSpec();
        }
        Node node = b.build();
        node.setStatus(status(null, now));
        return node;
    }

    /** The status to report given the node as the API has it (null when not yet created). */
    NodeStatus status(Node current, Instant heartbeat) {
        NodeStatus old = current == null || current.getStatus() == null ? new NodeStatus() : current.getStatus();
        NodeStatus s = new NodeStatus();
        s.setAdditionalProperties(new LinkedHashMap<>(old.getAdditionalProperties()));
        s.setImages(old.getImages());
        s.setVolumesInUse(old.getVolumesInUse());
        s.setVolumesAttached(old.getVolumesAttached());
        s.setConfig(old.getConfig());
        s.setRuntimeHandlers(old.getRuntimeHandlers());
        s.setFeatures(old.getFeatures());
        s.setPhase(old.getPhase());
        boolean keepCapacity = !options.register() && old.getCapacity() != null && !old.getCapacity().isEmpty();
        if (keepCapacity) {
            s.setCapacity(old.getCapacity());
            s.setAllocatable(old.getAllocatable() == null || old.getAllocatable().isEmpty()
                    ? old.getCapacity() : old.getAllocatable());
        } else {
            s.setCapacity(resources());
            s.setAllocatable(resources());
        }
        s.setConditions(conditions(old.getConditions(), heartbeat));
        s.setAddresses(List.of(new NodeAddress(options.internalIP(), "InternalIP"),
                new NodeAddress(options.nodeName(), "Hostname")));
        s.setDaemonEndpoints(daemonEndpoints());
        s.setNodeInfo(nodeInfo());
        return s;
    }

    /** Whether {@code next} says something {@code old} does not, ignoring heartbeat times. */
    static boolean changed(NodeStatus old, NodeStatus next) {
        if (old == null) {
            return true;
        }
        return !sameQuantities(old.getCapacity(), next.getCapacity())
                || !sameQuantities(old.getAllocatable(), next.getAllocatable())
                || !sameConditions(old.getConditions(), next.getConditions())
                || !Objects.equals(old.getAddresses(), next.getAddresses())
                || !Objects.equals(old.getDaemonEndpoints(), next.getDaemonEndpoints())
                || !Objects.equals(old.getNodeInfo(), next.getNodeInfo());
    }

    private Map<String, Quantity> resources() {
        Map<String, Quantity> r = new LinkedHashMap<>();
        r.put("cpu", new Quantity(options.cpu()));
        r.put("ephemeral-storage", new Quantity(options.ephemeralStorage()));
        r.put("hugepages-1Gi", new Quantity("0"));
        r.put("hugepages-2Mi", new Quantity("0"));
        r.put("memory", new Quantity(options.memory()));
        r.put("pods", new Quantity(Integer.toString(options.maxPods())));
        return r;
    }

    private List<NodeCondition> conditions(List<NodeCondition> old, Instant heartbeat) {
        List<NodeCondition> out = new ArrayList<>();
        String now = Times.time(heartbeat);
        for (NodeCondition c : old == null ? List.<NodeCondition>of() : old) {
            if (CONDITIONS.stream().noneMatch(d -> d[0].equals(c.getType()))) {
                out.add(c); // conditions other components own (NetworkUnavailable, ...)
            }
        }
        for (String[] d : CONDITIONS) {
            NodeCondition prev = old == null ? null
                    : old.stream().filter(c -> d[0].equals(c.getType())).findFirst().orElse(null);
            String since = prev != null && d[1].equals(prev.getStatus()) && prev.getLastTransitionTime() != null
                    ? prev.getLastTransitionTime() : now;
            out.add(new NodeCondition(now, since, d[3], d[2], d[1], d[0]));
        }
        return out;
    }

    private NodeDaemonEndpoints daemonEndpoints() {
        return new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint().withPort(KUBELET_PORT).endKubeletEndpoint().build();
    }

    private NodeSystemInfo nodeInfo() {
        String machine = UUID.nameUUIDFromBytes(options.nodeName().getBytes(StandardCharsets.UTF_8)).toString();
        return new NodeSystemInfoBuilder()
                .withArchitecture(options.architecture())
                .withBootID(bootID)
                .withContainerRuntimeVersion(runtimeVersion)
                .withKernelVersion(options.kernelVersion())
                .withKubeProxyVersion("")
                .withKubeletVersion(Options.KUBELET_VERSION)
                .withMachineID(machine.replace("-", ""))
                .withOperatingSystem("linux")
                .withOsImage(options.osImage())
                .withSystemUUID(machine)
                .build();
    }

    private static boolean sameConditions(List<NodeCondition> a, List<NodeCondition> b) {
        if (a == null || b == null || a.size() != b.size()) {
            return a == b;
        }
        for (int i = 0; i < a.size(); i++) {
            NodeCondition x = a.get(i);
            NodeCondition y = b.get(i);
            if (!Objects.equals(x.getType(), y.getType()) || !Objects.equals(x.getStatus(), y.getStatus())
                    || !Objects.equals(x.getReason(), y.getReason()) || !Objects.equals(x.getMessage(), y.getMessage())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameQuantities(Map<String, Quantity> a, Map<String, Quantity> b) {
        if (a == null || b == null || !a.keySet().equals(b.keySet())) {
            return a == b;
        }
        for (var e : a.entrySet()) {
            String sx = e.getValue().toString();
            String sy = b.get(e.getKey()).toString();
            if (sx.equals(sy)) {
                continue; // the usual case on every heartbeat; parsing (a regex) only when the text differs
            }
            BigDecimal x = io.jube.api.validation.Quantity.parse(sx);
            BigDecimal y = io.jube.api.validation.Quantity.parse(sy);
            if (x == null || y == null || x.compareTo(y) != 0) {
                return false;
            }
        }
        return true;
    }
}
