package io.jube.agent.runtime;

import java.time.Instant;

/** Resource usage of one container (CRI ContainerStats, the fields the kubelet summary API needs). */
public record ContainerStats(String containerId, Instant timestamp, long cpuUsageCoreNanoSeconds,
                             long memoryWorkingSetBytes, long writableLayerBytes) {
}
