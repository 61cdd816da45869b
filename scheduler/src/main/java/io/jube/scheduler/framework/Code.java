package io.jube.scheduler.framework;

/** Outcome codes of an extension point, as in the Kubernetes scheduler framework. */
public enum Code {
    SUCCESS,
    /** The pod does not fit now; preemption may help. */
    UNSCHEDULABLE,
    /** The pod does not fit and evicting pods would not change that. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** Internal failure; the pod is retried with back-off. */
    ERROR,
    /** A PreFilter/PreScore plugin has nothing to do for this pod; its Filter/Score is skipped. */
    SKIP
}
