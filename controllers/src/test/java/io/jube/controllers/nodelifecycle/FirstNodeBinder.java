package io.jube.controllers.nodelifecycle;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.Optional;

/**
 * Test stand-in for the scheduler (a separate module the controllers may not depend on): binds every unscheduled
 * pod, through {@code pods/binding}, to the first node by name that is Ready and has no NoSchedule taint.
 */
final class FirstNodeBinder implements AutoCloseable {
    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> informer;

    FirstNodeBinder(KubernetesClient client) {
        this.client = client;
        this.informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                bind(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                bind(pod); // resync retries pods that found no node before
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
            }
        }, 500);
    }

    private void bind(Pod pod) {
        if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        Optional<Node> node = client.nodes().list().getItems().stream()
                .filter(n -> "True".equals(NodeLifecycleController.readyStatus(n)))
                .filter(n -> n.getSpec().getTaints() == null
                        || n.getSpec().getTaints().stream().noneMatch(t -> "NoSchedule".equals(t.getEffect())))
                .min(Comparator.comparing(n -> n.getMetadata().getName()));
        if (node.isEmpty()) {
            return;
        }
        try {
            client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(pod.getMetadata().getName()).endMetadata()
                    .withNewTarget().withKind("Node").withName(node.get().getMetadata().getName()).endTarget()
                    .build()).create();
        } catch (KubernetesClientException e) {
            // already bound or gone: the next event shows the current state
        }
    }

    @Override
    public void close() {
        informer.stop();
    }
}
