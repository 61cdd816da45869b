package io.jube.controllers.job;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Job status conditions, with Kubernetes' type and reason names. */
public final class JobConditions {
    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String SUSPENDED = "Suspended";
    public static final String FAILURE_TARGET = "FailureTarget";
    public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

    private JobConditions() {
    }

    static Optional<JobCondition> find(JobStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    static boolean isTrue(JobStatus status, String type) {
        return find(status, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    /** Complete or Failed: the Job will not run pods again. */
    public static boolean finished(Job job) {
        return isTrue(job.getStatus(), COMPLETE) || isTrue(job.getStatus(), FAILED);
    }

    /** When the Job finished, or null if it has not. */
    public static String finishedAt(Job job) {
        for (String type : List.of(COMPLETE, FAILED)) {
            Optional<JobCondition> c = find(job.getStatus(), type).filter(x -> "True".equals(x.getStatus()));
            if (c.isPresent()) {
                return c.get().getLastTransitionTime();
            }
        }
        return null;
    }

    /**
     * Sets a condition; the transition time only moves when the status flips. Returns whether anything changed.
     */
    static boolean set(JobStatus status, String type, String value, String reason, String message, String now) {
        List<JobCondition> conds = status.getConditions() == null ? new ArrayList<>() : new ArrayList<>(status.getConditions());
        for (int i = 0; i < conds.size(); i++) {
            JobCondition c = conds.get(i);
            if (type.equals(c.getType())) {
                if (value.equals(c.getStatus()) && eq(reason, c.getReason()) && eq(message, c.getMessage())) {
                    return false;
                }
                String transition = value.equals(c.getStatus()) ? c.getLastTransitionTime() : now;
                conds.set(i, new JobConditionBuilder(c).withStatus(value).withReason(reason).withMessage(message)
                        .withLastProbeTime(now).withLastTransitionTime(transition).build());
                status.setConditions(conds);
                return true;
            }
        }
        conds.add(new JobConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withLastProbeTime(now).withLastTransitionTime(now).build());
        status.setConditions(conds);
        return true;
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
