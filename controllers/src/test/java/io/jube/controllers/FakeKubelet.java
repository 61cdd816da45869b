package io.jube.controllers;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jube.controllers.framework.Pods;
import io.jube.controllers.framework.Times;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * Test stand-in for kubelets: pods that {@link #readyWhen} accepts are reported Running and Ready through the
 * status subresource, as a node would. Pods stay unscheduled (no node), so deleting them is immediate.
 */
public final class FakeKubelet implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> informer;
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private volatile Predicate<Pod> readyWhen;

    public FakeKubelet(KubernetesClient client, Predicate<Pod> readyWhen) {
        this.client = client;
        this.readyWhen = readyWhen;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        }, 0);
    }

    /** Changes which pods become ready and re-examines every known pod. */
    public void readyWhen(Predicate<Pod> p) {
        this.readyWhen = p;
        informer.getStore().list().forEach(this::consider);
    }

    private void consider(Pod pod) {
        if (Pods.isActive(pod) && !Pods.isReady(pod) && readyWhen.test(pod)) {
            writer.execute(() -> markReady(pod));
        }
    }

    private void markReady(Pod pod) {
        String now = Times.format(Instant.now());
        try {
            client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .editStatus(p -> Pods.isReady(p) ? p : new PodBuilder(p).editOrNewStatus()
                            .withPhase("Running")
                            .withPodIP("10.0.0.1")
                            .withStartTime(now)
                            .withConditions(List.of(
                                    cond("PodScheduled", now), cond("Initialized", now),
                                    cond("ContainersReady", now), cond("Ready", now)))
                            .withContainerStatuses(p.getSpec().getContainers().stream().map(c ->
                                    new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                                            .withImageID(c.getImage()).withReady(true).withStarted(true)
                                            .withRestartCount(0).withNewState().withNewRunning().withStartedAt(now)
                                            .endRunning().endState().build()).toList())
                            .endStatus().build());
        } catch (KubernetesClientException e) {
            // deleted meanwhile, or a conflict: the next event brings the pod back here
        }
    }

    private static io.fabric8.kubernetes.api.model.PodCondition cond(String type, String now) {
        return new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now).build();
    }

    @Override
    public void close() {
        informer.close();
        writer.shutdownNow();
    }
}
