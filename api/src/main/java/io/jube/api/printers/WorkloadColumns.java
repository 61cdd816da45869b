package io.jube.api.printers;

import static io.jube.api.printers.Cells.col;
import static io.jube.api.printers.Cells.list;
import static io.jube.api.printers.Cells.num;
import static io.jube.api.printers.Cells.present;
import static io.jube.api.printers.Cells.str;
import static io.jube.api.printers.Cells.wide;
import static io.jube.api.printers.Printers.AGE;
import static io.jube.api.printers.Printers.NAME;

import com.fasterxml.jackson.databind.JsonNode;
import io.jube.api.Json;
import io.jube.api.selector.LabelSelector;
import io.jube.api.selector.SelectorException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Columns of apps, batch, autoscaling and policy kinds, as Kubernetes 1.32's server-side printers define them. */
final class WorkloadColumns {
    private WorkloadColumns() {
    }

    private static Column selectorColumn(String description) {
        return wide("Selector", "string", description, o -> Cells.selector(Json.at(o, "spec", "selector")));
    }

    static List<Column> deployment() {
        return List.of(NAME,
                col("Ready", "string", "Number of the pod with ready state",
                        o -> num(o, "status", "readyReplicas") + "/" + num(o, 1, "spec", "replicas")),
                col("Up-to-date", "string", "Total number of non-terminated pods targeted by this deployment that have"
                        + " the desired template spec.", o -> num(o, "status", "updatedReplicas")),
                col("Available", "string", "Total number of available pods (ready for at least minReadySeconds)"
                        + " targeted by this deployment.", o -> num(o, "status", "availableReplicas")),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"),
                wide("Selector", "string", "Label selector for pods.", WorkloadColumns::plainSelector));
    }

    /** The Deployment printer prints the selector as is: "" when empty, "&lt;invalid&gt;" when bad. */
    private static String plainSelector(JsonNode o) {
        try {
            return LabelSelector.fromJson(Json.at(o, "spec", "selector")).toString();
        } catch (SelectorException e) {
            return "<invalid>";
        }
    }

    static List<Column> replicaSet() {
        return List.of(NAME,
                col("Desired", "integer", "Replicas is the number of desired replicas.", o -> num(o, 1, "spec", "replicas")),
                col("Current", "integer", "Replicas is the most recently observed number of replicas.",
                        o -> num(o, "status", "replicas")),
                col("Ready", "integer", "The number of ready replicas for this replica set.",
                        o -> num(o, "status", "readyReplicas")),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"),
                selectorColumn("Selector is a label query over pods that should match the replica count."));
    }

    static List<Column> statefulSet() {
        return List.of(NAME,
                col("Ready", "string", "Number of the pod with ready state",
                        o -> num(o, "status", "readyReplicas") + "/" + num(o, 1, "spec", "replicas")),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"));
    }

    static List<Column> daemonSet() {
        return List.of(NAME,
                col("Desired", "integer", "The total number of nodes that should be running the daemon pod.",
                        o -> num(o, "status", "desiredNumberScheduled")),
                col("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed"
                        + " to run the daemon pod.", o -> num(o, "status", "currentNumberScheduled")),
                col("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more"
                        + " of the daemon pod running and ready.", o -> num(o, "status", "numberReady")),
                col("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod",
                        o -> num(o, "status", "updatedNumberScheduled")),
                col("Available", "integer", "The number of nodes that should be running the daemon pod and have one or"
                        + " more of the daemon pod running and available.", o -> num(o, "status", "numberAvailable")),
                col("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a"
                        + " node.", o -> Cells.labels(Json.at(o, "spec", "template", "spec", "nodeSelector"))),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"),
                selectorColumn("A label query over pods that are managed by the daemon set."));
    }

    static List<Column> job() {
        return List.of(NAME,
                col("Status", "string", "Status of the job.", WorkloadColumns::jobStatus),
                col("Completions", "string", "The number of pods which reached phase Succeeded.",
                        WorkloadColumns::completions),
                col("Duration", "string", "Time required to complete the job.", WorkloadColumns::jobDuration),
                AGE,
                Cells.containerNames("spec", "template", "spec"),
                Cells.containerImages("spec", "template", "spec"),
                selectorColumn("A label query over pods that should match the pod count."));
    }

    private static String jobStatus(JsonNode job) {
        if (jobCondition(job, "Complete")) {
            return "Complete";
        } else if (jobCondition(job, "Failed")) {
            return "Failed";
        } else if (present(job, "metadata", "deletionTimestamp")) {
            return "Terminating";
        } else if (jobCondition(job, "Suspended")) {
            return "Suspended";
        } else if (jobCondition(job, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** The first condition of the type decides, as in Kubernetes' hasJobCondition. */
    private static boolean jobCondition(JsonNode job, String type) {
        for (JsonNode c : list(job, "status", "conditions")) {
            if (type.equals(c.path("type").asText())) {
                return "True".equals(c.path("status").asText());
            }
        }
        return false;
    }

    private static String completions(JsonNode job) {
        long succeeded = num(job, "status", "succeeded");
        if (present(job, "spec", "completions")) {
            return succeeded + "/" + num(job, "spec", "completions");
        }
        long parallelism = num(job, "spec", "parallelism");
        return parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }

    private static String jobDuration(JsonNode job) {
        String start = Json.text(job, "status", "startTime");
        if (start == null || start.isEmpty()) {
            return "";
        }
        String end = Json.text(job, "status", "completionTime");
        if (end == null || end.isEmpty()) {
            return Ages.since(start);
        }
        try {
            return Ages.human(Duration.between(Instant.parse(start), Instant.parse(end)));
        } catch (RuntimeException e) {
            return "<invalid>";
        }
    }

    static List<Column> cronJob() {
        return List.of(NAME,
                col("Schedule", "string", "The schedule in Cron format.", o -> str(o, "spec", "schedule")),
                col("Timezone", "string", "The time zone name for the given schedule.",
                        o -> present(o, "spec", "timeZone") ? str(o, "spec", "timeZone") : "<none>"),
                col("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions.",
                        o -> present(o, "spec", "suspend") ? Cells.boolPtr(o, "spec", "suspend") : "False"),
                col("Active", "integer", "A list of pointers to currently running jobs.",
                        o -> (long) list(o, "status", "active").size()),
                col("Last Schedule", "string", "Information when was the last time the job was successfully scheduled.",
                        o -> present(o, "status", "lastScheduleTime")
                                ? Ages.since(Json.text(o, "status", "lastScheduleTime")) : "<none>"),
                AGE,
                Cells.containerNames("spec", "jobTemplate", "spec", "template", "spec"),
                Cells.containerImages("spec", "jobTemplate", "spec", "template", "spec"),
                wide("Selector", "string", "A label query over pods that should match the pod count.",
                        o -> Cells.selector(Json.at(o, "spec", "jobTemplate", "spec", "selector"))));
    }

    static List<Column> controllerRevision() {
        return List.of(NAME,
                col("Controller", "string", "Controller of the object", WorkloadColumns::controllerOf),
                col("Revision", "string", "Revision indicates the revision of the state represented by Data.",
                        o -> num(o, "revision")),
                AGE);
    }

    /** "statefulset.apps/web" from the controller owner reference, "&lt;none&gt;" without one. */
    private static String controllerOf(JsonNode o) {
        for (JsonNode ref : list(o, "metadata", "ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                String apiVersion = ref.path("apiVersion").asText("");
                String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                String kind = ref.path("kind").asText("");
                String gk = group.isEmpty() ? kind : kind + "." + group;
                String name = ref.path("name").asText("");
                return gk.isEmpty() ? name : gk.toLowerCase(Locale.ROOT) + "/" + name;
            }
        }
        return "<none>";
    }

    static List<Column> podDisruptionBudget() {
        return List.of(NAME,
                col("Min Available", "string", "The minimum number of pods that must be available.",
                        o -> present(o, "spec", "minAvailable") ? Json.at(o, "spec", "minAvailable").asText() : "N/A"),
                col("Max Unavailable", "string", "The maximum number of pods that may be unavailable.",
                        o -> present(o, "spec", "maxUnavailable") ? Json.at(o, "spec", "maxUnavailable").asText() : "N/A"),
                col("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time.",
                        o -> num(o, "status", "disruptionsAllowed")),
                AGE);
    }

    static List<Column> horizontalPodAutoscaler() {
        return List.of(NAME,
                col("Reference", "string", "scaleTargetRef points to the target resource to scale.",
                        o -> str(o, "spec", "scaleTargetRef", "kind") + "/" + str(o, "spec", "scaleTargetRef", "name")),
                col("Targets", "string", "metrics contains the specifications for which to use to calculate the"
                        + " desired replica count.", HpaTargets::format),
                col("MinPods", "string", "minReplicas is the lower limit for the number of replicas to which the"
                        + " autoscaler can scale down.", o -> present(o, "spec", "minReplicas")
                        ? Long.toString(num(o, "spec", "minReplicas")) : "<unset>"),
                col("MaxPods", "string", "maxReplicas is the upper limit for the number of replicas to which the"
                        + " autoscaler can scale up.", o -> num(o, "spec", "maxReplicas")),
                col("Replicas", "string", "currentReplicas is current number of replicas of pods managed by this"
                        + " autoscaler.", o -> num(o, "status", "currentReplicas")),
                AGE);
    }
}
