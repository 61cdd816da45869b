package io.jube.controllers.framework;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Creates and deletes a controller's pods, recording Kubernetes' SuccessfulCreate/FailedCreate/... events. */
public final class PodControl {
    /** The status cause the API server gives for a create in a terminating namespace. */
    public static final String NAMESPACE_TERMINATING = "NamespaceTerminating";
    private final KubernetesClient client;
    private final EventRecorder recorder;

    public PodControl(KubernetesClient client, EventRecorder recorder) {
        this.client = client;
        this.recorder = recorder;
    }

    /** Creates a pod from {@code template}, named {@code <owner>-<random>}, controlled by {@code owner}. */
    public Pod create(PodTemplateSpec template, HasMetadata owner) {
        Pod pod = fromTemplate(template, owner);
        try {
            Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
            recorder.normal(owner, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
            return created;
        } catch (KubernetesClientException e) {
            if (!namespaceTerminating(e)) { // as in Kubernetes: no event (which could not be written there either)
                recorder.warning(owner, "FailedCreate", "Error creating: " + message(e));
            }
            throw e;
        }
    }

    /**
     * Whether a create failed because its namespace is being deleted (403 with cause NamespaceTerminating). Every
     * further create there fails the same way and the namespace controller removes the owner, so controllers treat
     * it as nothing to do rather than as a failure to retry and report.
     */
    public static boolean namespaceTerminating(Throwable t) {
        if (!(t instanceof KubernetesClientException e)) {
            return false;
        }
        var status = e.getStatus();
        return e.getCode() == 403 && status != null && status.getDetails() != null
                && status.getDetails().getCauses() != null
                && status.getDetails().getCauses().stream().anyMatch(c -> NAMESPACE_TERMINATING.equals(c.getReason()));
    }

    static Pod fromTemplate(PodTemplateSpec template, HasMetadata owner) {
        var tm = template.getMetadata();
        Map<String, String> labels = tm == null || tm.getLabels() == null ? Map.of() : tm.getLabels();
        Map<String, String> annotations = tm == null || tm.getAnnotations() == null ? Map.of() : tm.getAnnotations();
        List<String> finalizers = tm == null || tm.getFinalizers() == null ? List.of() : tm.getFinalizers();
        return new PodBuilder()
                .withNewMetadata()
                .withGenerateName(owner.getMetadata().getName() + "-")
                .withNamespace(owner.getMetadata().getNamespace())
                .withLabels(new HashMap<>(labels))
                .withAnnotations(new HashMap<>(annotations))
                .withFinalizers(finalizers)
                .withOwnerReferences(OwnerRefs.controllerRef(owner))
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
    }

    /** Deletes {@code pod}; false if it was already gone. */
    public boolean delete(Pod pod, HasMetadata owner) {
        try {
            var result = client.pods().inNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).delete();
            if (result.isEmpty()) {
                return false;
            }
            recorder.normal(owner, "SuccessfulDelete", "Deleted pod: " + pod.getMetadata().getName());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            recorder.warning(owner, "FailedDelete", "Error deleting: " + message(e));
            throw e;
        }
    }

    static String message(KubernetesClientException e) {
        return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    }
}
