package io.jube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

/** Assertions on kubectl output shared by the kubectl test classes. */
final class KubectlSupport {
    private KubectlSupport() {
    }

    /** Asserts some stdout line matches the regex in full and returns it. */
    static String lineMatching(Kubectl.Result result, String regex) {
        Pattern pattern = Pattern.compile(regex);
        return result.lines().stream().filter(l -> pattern.matcher(l).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("no stdout line matches /" + regex + "/ in\n" + result));
    }

    /** Asserts no stdout line matches the regex. */
    static void noLineMatching(Kubectl.Result result, String regex) {
        Pattern pattern = Pattern.compile(regex);
        assertThat(result.lines()).as("lines of %s", result).noneMatch(l -> pattern.matcher(l).matches());
    }

    /** kubectl's stdout as exact trimmed lines. */
    static List<String> outLines(Kubectl.Result result) {
        return result.lines().stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * Creates a namespace for one test from YAML (kubectl sends it as JSON), asserting kubectl's
     * message. {@code kubectl create namespace} itself is tested separately, so that a fault in
     * one path does not hide every other result.
     */
    static String namespace(Kubectl kubectl, String name) {
        Kubectl.Result created = kubectl.create("apiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + name + "\n")
                .ok();
        assertThat(created.out().strip()).as("%s", created).isEqualTo("namespace/" + name + " created");
        return name;
    }

    /** stderr's first line: kubectl's error message without usage hints that may follow it. */
    static String firstErrorLine(Kubectl.Result result) {
        return result.err().lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElse("");
    }

    /**
     * Creates a ConfigMap with {@code key=value} data through {@code kubectl create -f} (JSON on the
     * wire), for tests whose subject is another verb.
     */
    static void configMap(Kubectl kubectl, String ns, String name, String... data) {
        StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\n");
        if (data.length > 0) {
            yaml.append("data:\n");
        }
        for (String entry : data) {
            String[] kv = entry.split("=", 2);
            yaml.append("  ").append(kv[0]).append(": \"").append(kv[1]).append("\"\n");
        }
        Kubectl.Result created = kubectl.create(yaml.toString(), "-n", ns).ok();
        assertThat(created.out().strip()).as("%s", created).isEqualTo("configmap/" + name + " created");
    }

    /** The Deployment {@code kubectl create deployment NAME --image=IMAGE} makes, created from YAML. */
    static void deployment(Kubectl kubectl, String ns, String name, String image) {
        String container = image.replaceAll("[^a-z0-9-]", "-");
        kubectl.create("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %1$s
                  labels: {app: %1$s}
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: %1$s}
                  template:
                    metadata:
                      labels: {app: %1$s}
                    spec:
                      containers:
                      - name: %3$s
                        image: %2$s
                """.formatted(name, image, container), "-n", ns).ok();
    }
}
