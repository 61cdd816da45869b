package io.jube.scheduler.framework;

/** The narrow set of writes PreBind plugins may ask the framework to make. */
public interface ClusterWriter {
    /** Sets an annotation on a PersistentVolumeClaim (e.g. volume.kubernetes.io/selected-node). */
    void annotateClaim(String namespace, String name, String key, String value);
}
