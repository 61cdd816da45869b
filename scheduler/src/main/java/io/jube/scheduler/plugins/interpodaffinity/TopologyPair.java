package io.jube.scheduler.plugins.interpodaffinity;

/** A topology domain: a node label key and its value (e.g. topology.kubernetes.io/zone=a). */
public record TopologyPair(String key, String value) {
}
