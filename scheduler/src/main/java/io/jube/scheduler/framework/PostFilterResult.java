package io.jube.scheduler.framework;

import java.util.List;

/**
 * The outcome of PostFilter: a nominated node and the victims to evict (empty when preemption failed), and the
 * message for the FailedScheduling event ("0/5 nodes are available: ...").
 */
public record PostFilterResult(String nominatedNode, List<PodInfo> victims, String message) {
    public static PostFilterResult failed(String message) {
        return new PostFilterResult(null, List.of(), message);
    }

    public boolean nominated() {
        return nominatedNode != null;
    }
}
