package io.jube.scheduler.framework;

/**
 * A scheduler plugin: implements one or more of the extension-point interfaces nested here. Plugins work only
 * on the snapshot and the read-only {@link ClusterLister}; they never call the API.
 */
public interface Plugin {
    String name();

    interface PreFilter extends Plugin {
        /** Computes per-cycle state; Unschedulable here fails the pod on every node; SKIP skips this Filter. */
        Status preFilter(CycleState state, PodInfo pod, Snapshot snapshot);

        /** Keeps PreFilter state right when preemption simulates removing or adding pods; null if not needed. */
        default Extensions extensions() {
            return null;
        }
    }

    interface Extensions {
        void addPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node);

        void removePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node);

        /**
         * Extensions that count pods in the PreFilter state stored under {@code key}: {@code update} gets +1 for an
         * added pod and -1 for a removed one; without that state (PreFilter skipped) there is nothing to update.
         */
        static <S> Extensions counting(String key, Counter<S> update) {
            return new Extensions() {
                @Override
                public void addPod(CycleState state, PodInfo pod, PodInfo added, NodeInfo node) {
                    S s = state.read(key);
                    if (s != null) {
                        update.update(s, pod, added, node, 1);
                    }
                }

                @Override
                public void removePod(CycleState state, PodInfo pod, PodInfo removed, NodeInfo node) {
                    S s = state.read(key);
                    if (s != null) {
                        update.update(s, pod, removed, node, -1);
                    }
                }
            };
        }

        /** Adds {@code delta} (+1 or -1) for {@code other} on {@code node} to the state of {@code pod}'s cycle. */
        interface Counter<S> {
            void update(S state, PodInfo pod, PodInfo other, NodeInfo node, int delta);
        }
    }

    interface Filter extends Plugin {
        Status filter(CycleState state, PodInfo pod, NodeInfo node);
    }

    interface PostFilter extends Plugin {
        /** Called when no node fits; may make room (preemption) and nominate a node. */
        PostFilterResult postFilter(CycleState state, PodInfo pod, Snapshot snapshot, FitError failure);
    }

    interface PreScore extends Plugin {
        Status preScore(CycleState state, PodInfo pod, Snapshot snapshot, java.util.List<NodeInfo> feasible);
    }

    interface Score extends Plugin {
        /** A raw score for one feasible node. */
        long score(CycleState state, PodInfo pod, NodeInfo node);

        /** Rescales the raw scores (index-aligned with the feasible nodes) into [0, 100]; identity by default. */
        default void normalize(CycleState state, PodInfo pod, long[] scores) {
        }
    }

    interface Reserve extends Plugin {
        Status reserve(CycleState state, PodInfo pod, String nodeName);

        void unreserve(CycleState state, PodInfo pod, String nodeName);
    }

    interface PreBind extends Plugin {
        /** The only place a plugin changes cluster state, through the framework's narrow {@link ClusterWriter}. */
        Status preBind(CycleState state, PodInfo pod, String nodeName, ClusterWriter writer);
    }
}
