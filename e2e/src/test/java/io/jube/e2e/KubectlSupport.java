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

    /** Creates a namespace for one test, asserting kubectl's message. */
    static String namespace(Kubectl kubectl, String name) {
        Kubectl.Result created = kubectl.run("create", "namespace", name).ok();
        assertThat(created.out().strip()).as("%s", created).isEqualTo("namespace/" + name + " created");
        return name;
    }

    /** stderr's first line: kubectl's error message without usage hints that may follow it. */
    static String firstErrorLine(Kubectl.Result result) {
        return result.err().lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElse("");
    }
}
