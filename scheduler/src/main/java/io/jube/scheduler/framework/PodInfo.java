package io.jube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod with everything the plugins need precomputed once: effective requests (init-container max rule and
 * overhead), the non-zero requests used for scoring, host ports, compiled affinity terms and priority.
 */
public final class PodInfo {
    /** Defaults Kubernetes scoring assumes for containers without requests (100m CPU, 200Mi memory). */
    public static final long DEFAULT_MILLI_CPU = 100;
    public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

    private final Pod pod;
    private final String key;
    private final int priority;
    private final Resources requests;
    private final long nonZeroMilliCpu;
    private final long nonZeroMemory;
    private final List<HostPort> hostPorts;
    private final List<AffinityTerm> requiredAffinity;
    private final List<AffinityTerm> requiredAntiAffinity;
    private final List<AffinityTerm> preferredAffinity;
    private final List<AffinityTerm> preferredAntiAffinity;
    private final Instant created;
    private final Instant started;
    private final String nodeName;

    public PodInfo(Pod pod, int priority) {
        this.pod = pod;
        this.nodeName = pod.getSpec().getNodeName();
        this.key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
        this.priority = priority;
        PodSpec spec = pod.getSpec();
        long[] nonZero = new long[2];
        this.requests = computeRequests(spec, nonZero);
        this.nonZeroMilliCpu = nonZero[0];
        this.nonZeroMemory = nonZero[1];
        this.hostPorts = hostPorts(spec);
        String ns = namespace();
        var aff = spec.getAffinity();
        var pa = aff == null ? null : aff.getPodAffinity();
        var paa = aff == null ? null : aff.getPodAntiAffinity();
        this.requiredAffinity = terms(pa == null ? null : pa.getRequiredDuringSchedulingIgnoredDuringExecution(), ns);
        this.requiredAntiAffinity = terms(paa == null ? null : paa.getRequiredDuringSchedulingIgnoredDuringExecution(), ns);
        this.preferredAffinity = weighted(pa == null ? null : pa.getPreferredDuringSchedulingIgnoredDuringExecution(), ns);
        this.preferredAntiAffinity = weighted(paa == null ? null : paa.getPreferredDuringSchedulingIgnoredDuringExecution(), ns);
        this.created = parse(pod.getMetadata().getCreationTimestamp());
        this.started = pod.getStatus() == null ? null : parse(pod.getStatus().getStartTime());
    }

    /** The same pod assumed on {@code node} while its binding is in flight (shares all computed data). */
    public PodInfo assumedOn(String node) {
        return new PodInfo(this, node);
    }

    private PodInfo(PodInfo o, String nodeName) {
        this.pod = o.pod;
        this.key = o.key;
        this.priority = o.priority;
        this.requests = o.requests;
        this.nonZeroMilliCpu = o.nonZeroMilliCpu;
        this.nonZeroMemory = o.nonZeroMemory;
        this.hostPorts = o.hostPorts;
        this.requiredAffinity = o.requiredAffinity;
        this.requiredAntiAffinity = o.requiredAntiAffinity;
        this.preferredAffinity = o.preferredAffinity;
        this.preferredAntiAffinity = o.preferredAntiAffinity;
        this.created = o.created;
        this.started = o.started;
        this.nodeName = nodeName;
    }

    public Pod pod() { return pod; }
    public String key() { return key; }
    public String name() { return pod.getMetadata().getName(); }
    public String namespace() { return pod.getMetadata().getNamespace(); }
    public String uid() { return pod.getMetadata().getUid(); }
    public String nodeName() { return nodeName; }
    public int priority() { return priority; }
    public Resources requests() { return requests; }
    public long nonZeroMilliCpu() { return nonZeroMilliCpu; }
    public long nonZeroMemory() { return nonZeroMemory; }
    public List<HostPort> hostPorts() { return hostPorts; }
    public List<AffinityTerm> requiredAffinity() { return requiredAffinity; }
    public List<AffinityTerm> requiredAntiAffinity() { return requiredAntiAffinity; }
    public List<AffinityTerm> preferredAffinity() { return preferredAffinity; }
    public List<AffinityTerm> preferredAntiAffinity() { return preferredAntiAffinity; }
    public Instant created() { return created; }
    /** Start time, or creation time when the pod has not started (used to rank preemption victims). */
    public Instant startTime() { return started != null ? started : created; }
    public boolean terminating() { return pod.getMetadata().getDeletionTimestamp() != null; }

    public Map<String, String> labels() {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }

    public List<Toleration> tolerations() {
        List<Toleration> t = pod.getSpec().getTolerations();
        return t == null ? List.of() : t;
    }

    public boolean hasAffinity() {
        return !requiredAffinity.isEmpty() || !preferredAffinity.isEmpty() || hasAntiAffinity();
    }

    /**
     * Whether this pod's terms score an incoming pod's placement (InterPodAffinity's symmetry): its required
     * affinity or its preferred (anti-)affinity. Required anti-affinity only filters.
     */
    public boolean hasScoringTerms() {
        return !requiredAffinity.isEmpty() || !preferredAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }

    public boolean hasAntiAffinity() {
        return !requiredAntiAffinity.isEmpty() || !preferredAntiAffinity.isEmpty();
    }

    /** Sum of regular containers (plus restartable init "sidecars"), at least each init container, plus overhead. */
    private static Resources computeRequests(PodSpec spec, long[] nonZero) {
        Resources sum = new Resources();
        long cpu = 0;
        long mem = 0;
        for (Container c : list(spec.getContainers())) {
            Resources r = requestsOf(c);
            sum.add(r);
            cpu += r.milliCpu == 0 && !hasRequest(c, Resources.CPU) ? DEFAULT_MILLI_CPU : r.milliCpu;
            mem += r.memory == 0 && !hasRequest(c, Resources.MEMORY) ? DEFAULT_MEMORY : r.memory;
        }
        Resources sidecars = new Resources();
        Resources initMax = new Resources();
        for (Container c : list(spec.getInitContainers())) {
            Resources r = requestsOf(c);
            if ("Always".equals(c.getRestartPolicy())) {
                sidecars.add(r);
                sum.add(r);
                initMax.max(sidecars);
            } else {
                Resources during = sidecars.copy();
                during.add(r);
                initMax.max(during);
            }
        }
        sum.max(initMax);
        if (spec.getOverhead() != null) {
            Resources o = Resources.of(spec.getOverhead());
            sum.add(o);
            cpu += o.milliCpu;
            mem += o.memory;
        }
        nonZero[0] = Math.max(cpu, sum.milliCpu);
        nonZero[1] = Math.max(mem, sum.memory);
        return sum;
    }

    private static Resources requestsOf(Container c) {
        return c.getResources() == null ? new Resources() : Resources.of(c.getResources().getRequests());
    }

    private static boolean hasRequest(Container c, String name) {
        return c.getResources() != null && c.getResources().getRequests() != null
                && c.getResources().getRequests().containsKey(name);
    }

    private static List<HostPort> hostPorts(PodSpec spec) {
        List<HostPort> out = new ArrayList<>();
        for (Container c : list(spec.getContainers())) {
            for (ContainerPort p : list(c.getPorts())) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    out.add(HostPort.of(p.getHostIP(), p.getProtocol(), p.getHostPort()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<AffinityTerm> terms(List<PodAffinityTerm> terms, String ns) {
        return list(terms).stream().map(t -> AffinityTerm.of(t, ns, 1)).toList();
    }

    private static List<AffinityTerm> weighted(List<WeightedPodAffinityTerm> terms, String ns) {
        return list(terms).stream().filter(t -> t.getPodAffinityTerm() != null)
                .map(t -> AffinityTerm.of(t.getPodAffinityTerm(), ns, t.getWeight() == null ? 0 : t.getWeight()))
                .toList();
    }

    static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }

    private static Instant parse(String ts) {
        try {
            return ts == null ? Instant.EPOCH : Instant.parse(ts);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    @Override
    public String toString() {
        return key;
    }
}
