package io.jube.api.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class BatchStrategiesTest {
    private static final String JOB = """
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi, namespace: default, uid: 0f6a-11}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: pi, image: perl}]
            """;

    @Test
    void jobDefaultsAndGeneratedSelector() {
        Run.Created c = Run.create("batch", "Job", JOB);
        assertThat(c.errors()).isEmpty();
        assertThat(c.obj().at("/spec/completions").asInt()).isEqualTo(1);
        assertThat(c.obj().at("/spec/parallelism").asInt()).isEqualTo(1);
        assertThat(c.obj().at("/spec/backoffLimit").asInt()).isEqualTo(6);
        assertThat(c.at("/spec/completionMode")).isEqualTo("NonIndexed");
        assertThat(c.obj().at("/spec/suspend").asBoolean()).isFalse();
        assertThat(c.at("/spec/podReplacementPolicy")).isEqualTo("TerminatingOrFailed");
        assertThat(c.obj().at("/spec/selector").toString())
                .isEqualTo("{\"matchLabels\":{\"batch.kubernetes.io/controller-uid\":\"0f6a-11\"}}");
        assertThat(c.obj().at("/spec/template/metadata/labels").toString()).isEqualTo("{\"job-name\":\"pi\","
                + "\"batch.kubernetes.io/job-name\":\"pi\",\"controller-uid\":\"0f6a-11\","
                + "\"batch.kubernetes.io/controller-uid\":\"0f6a-11\"}");
        assertThat(c.obj().at("/metadata/labels")).isEqualTo(c.obj().at("/spec/template/metadata/labels"));
    }

    @Test
    void parallelismAloneLeavesCompletionsUnset() {
        Run.Created c = Run.create("batch", "Job", JOB.replace("  template:", "  parallelism: 3\n  template:"));
        assertThat(c.obj().at("/spec/completions").isMissingNode()).isTrue();
        assertThat(c.obj().at("/spec/parallelism").asInt()).isEqualTo(3);
    }

    @Test
    void jobPodsMayNotRestartAlways() {
        assertThat(Run.lines(Run.create("batch", "Job", JOB.replace("restartPolicy: Never\n", "")).errors()))
                .containsExactly("spec.template.spec.restartPolicy: Unsupported value: \"Always\": supported values: "
                        + "\"OnFailure\", \"Never\"");
    }

    @Test
    void jobTemplateIsImmutableOnceRunning() {
        assertThat(Run.lines(Run.updateStored("batch", "Job", JOB,
                j -> ((ObjectNode) j.at("/spec/template/spec/containers/0")).put("image", "perl:2"))))
                .singleElement().asString().startsWith("spec.template: Invalid value: ").endsWith(": field is immutable");
        assertThat(Run.updateStored("batch", "Job", JOB, j -> ((ObjectNode) j.at("/metadata")).putObject("annotations")
                .put("note", "x"))).isEmpty();
    }

    private static final String CRON = """
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: hello, namespace: default}
            spec:
              schedule: "*/5 * * * *"
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: c, image: busybox}]
            """;

    @Test
    void cronJobDefaults() {
        Run.Created c = Run.create("batch", "CronJob", CRON);
        assertThat(c.errors()).isEmpty();
        assertThat(c.at("/spec/concurrencyPolicy")).isEqualTo("Allow");
        assertThat(c.obj().at("/spec/suspend").asBoolean()).isFalse();
        assertThat(c.obj().at("/spec/successfulJobsHistoryLimit").asInt()).isEqualTo(3);
        assertThat(c.obj().at("/spec/failedJobsHistoryLimit").asInt()).isEqualTo(1);
        assertThat(c.at("/spec/jobTemplate/spec/template/spec/dnsPolicy")).isEqualTo("ClusterFirst");
        assertThat(c.obj().at("/spec/jobTemplate/spec/backoffLimit").isMissingNode()).isTrue();
    }

    @Test
    void cronSchedulesAreParsed() {
        for (String ok : new String[] {"@hourly", "0 0 * * SUN", "5-10/2 1,2 1 jan-mar 0", "@every 1h30m"}) {
            assertThat(Run.create("batch", "CronJob", CRON.replace("*/5 * * * *", ok)).errors()).as(ok).isEmpty();
        }
        assertThat(scheduleError("* * *")).isEqualTo("spec.schedule: Invalid value: \"* * *\": expected exactly 5 "
                + "fields, found 3: [* * *]");
        assertThat(scheduleError("61 * * * *")).isEqualTo("spec.schedule: Invalid value: \"61 * * * *\": end of range "
                + "(61) above maximum (59): 61");
        assertThat(scheduleError("@fortnightly")).isEqualTo("spec.schedule: Invalid value: \"@fortnightly\": "
                + "unrecognized descriptor: @fortnightly");
        assertThat(scheduleError("x * * * *")).isEqualTo("spec.schedule: Invalid value: \"x * * * *\": failed to parse "
                + "int from x: strconv.Atoi: parsing \"x\": invalid syntax");
        assertThat(scheduleError("TZ=UTC 0 * * * *")).isEqualTo("spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": "
                + "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    }

    private static String scheduleError(String schedule) {
        return Run.lines(Run.create("batch", "CronJob", CRON.replace("*/5 * * * *", schedule)).errors()).get(0);
    }

    @Test
    void cronJobNamesAreShort() {
        assertThat(Run.lines(Run.create("batch", "CronJob", CRON.replace("name: hello", "name: " + "h".repeat(53)))
                .errors())).containsExactly("metadata.name: Invalid value: \"" + "h".repeat(53)
                + "\": must be no more than 52 characters");
    }
}
