package io.jube.scheduler.queue;

import io.jube.scheduler.framework.PodInfo;

/** A pod waiting in the scheduling queue, with its attempt count and timestamps for back-off. */
public final class QueuedPod {
    volatile PodInfo pod;
    int attempts;
    /** When the pod last entered a queue (orders pods of equal priority in activeQ; ages unschedulableQ). */
    long enqueuedNanos;
    long lastFailureNanos;
    /** The move-request cycle when this pod was popped; a later cluster change sends it to backoff, not parking. */
    long poppedAtCycle;
    final long seq;

    QueuedPod(PodInfo pod, long seq) {
        this.pod = pod;
        this.seq = seq;
    }

    public PodInfo pod() {
        return pod;
    }

    public int attempts() {
        return attempts;
    }
}
