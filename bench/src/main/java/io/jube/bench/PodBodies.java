package io.jube.bench;

import io.vertx.core.buffer.Buffer;

/** Pod bodies in the shape of Kubernetes scheduler_perf's default pod (pause, 100m cpu, 500Mi memory). */
final class PodBodies {
    enum Shape { BASIC, ANTI_AFFINITY, TOPOLOGY_SPREAD }

    private PodBodies() {
    }

    static String collection(String namespace) {
        return "/api/v1/namespaces/" + namespace + "/pods";
    }

    /** An unscheduled pod labelled {@code group=<group>}; the constraint of {@code shape} selects that group. */
    static Buffer pod(String namespace, String name, String group, Shape shape) {
        StringBuilder b = new StringBuilder(900)
                .append("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"").append(name)
                .append("\",\"namespace\":\"").append(namespace).append("\",\"labels\":{\"group\":\"").append(group)
                .append("\"}},\"spec\":{\"terminationGracePeriodSeconds\":0,\"containers\":[{\"name\":\"pause\","
                        + "\"image\":\"registry.k8s.io/pause:3.10\",\"resources\":{"
                        + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"500Mi\"},"
                        + "\"limits\":{\"cpu\":\"100m\",\"memory\":\"500Mi\"}}}]");
        String selector = "{\"matchLabels\":{\"group\":\"" + group + "\"}}";
        switch (shape) {
            case ANTI_AFFINITY -> b.append(",\"affinity\":{\"podAntiAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":"
                    + "[{\"labelSelector\":").append(selector).append(",\"topologyKey\":\"kubernetes.io/hostname\"}]}}");
            case TOPOLOGY_SPREAD -> b.append(",\"topologySpreadConstraints\":[{\"maxSkew\":1,"
                    + "\"topologyKey\":\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"DoNotSchedule\",\"labelSelector\":")
                    .append(selector).append("}]");
            case BASIC -> { }
        }
        return Buffer.buffer(b.append("}}").toString());
    }
}
