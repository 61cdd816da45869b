package io.jube.controllers.job;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jube.api.Json;
import io.jube.controllers.framework.Pods;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How the Job controller shapes and reads its pods. */
final class JobPods {
    static final String TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
    static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    static final String INDEX_ENV = "JOB_COMPLETION_INDEX";

    private JobPods() {
    }

    static boolean indexed(Job job) {
        return "Indexed".equals(job.getSpec().getCompletionMode());
    }

    /** The template of a new pod: tracking finalizer, and for Indexed jobs the index annotation, label, env and hostname. */
    static PodTemplateSpec template(Job job, Integer index) {
        PodTemplateSpec t = Json.MAPPER.convertValue(job.getSpec().getTemplate(), PodTemplateSpec.class); // deep copy
        if (t.getMetadata() == null) {
            t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        var meta = t.getMetadata();
        List<String> finalizers = meta.getFinalizers() == null ? new ArrayList<>() : new ArrayList<>(meta.getFinalizers());
        if (!finalizers.contains(TRACKING_FINALIZER)) {
            finalizers.add(TRACKING_FINALIZER);
        }
        meta.setFinalizers(finalizers);
        if (index != null) {
            Map<String, String> ann = meta.getAnnotations() == null ? new HashMap<>() : new HashMap<>(meta.getAnnotations());
            ann.put(COMPLETION_INDEX, index.toString());
            meta.setAnnotations(ann);
            Map<String, String> labels = meta.getLabels() == null ? new HashMap<>() : new HashMap<>(meta.getLabels());
            labels.put(COMPLETION_INDEX, index.toString());
            meta.setLabels(labels);
            if (t.getSpec().getHostname() == null) {
                t.getSpec().setHostname(job.getMetadata().getName() + "-" + index);
            }
            EnvVar env = new EnvVarBuilder().withName(INDEX_ENV).withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.annotations['" + COMPLETION_INDEX + "']").endFieldRef().endValueFrom().build();
            for (List<Container> cs : List.of(t.getSpec().getContainers(),
                    t.getSpec().getInitContainers() == null ? List.<Container>of() : t.getSpec().getInitContainers())) {
                for (Container c : cs) {
                    List<EnvVar> envs = c.getEnv() == null ? new ArrayList<>() : new ArrayList<>(c.getEnv());
                    if (envs.stream().noneMatch(e -> INDEX_ENV.equals(e.getName()))) {
                        envs.add(env);
                    }
                    c.setEnv(envs);
                }
            }
        }
        return t;
    }

    /** The completion index of a pod of an Indexed job, or null if absent or malformed. */
    static Integer index(Pod pod) {
        String v = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(COMPLETION_INDEX);
        if (v == null) {
            return null;
        }
        try {
            int i = Integer.parseInt(v);
            return i < 0 ? null : i;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean hasFinalizer(Pod pod) {
        return pod.getMetadata().getFinalizers() != null && pod.getMetadata().getFinalizers().contains(TRACKING_FINALIZER);
    }

    static boolean succeeded(Pod pod) {
        return "Succeeded".equals(Pods.phase(pod));
    }

    /** Failed, or (podReplacementPolicy TerminatingOrFailed) being deleted before it succeeded. */
    static boolean failed(Pod pod, Job job) {
        if ("Failed".equals(Pods.phase(pod))) {
            return true;
        }
        if ("Failed".equals(job.getSpec().getPodReplacementPolicy())) {
            return false;
        }
        return pod.getMetadata().getDeletionTimestamp() != null && !succeeded(pod);
    }
}
