package io.jube.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Command-line options of {@link ApiBench}: {@code --name value} or {@code --name=value}. */
final class BenchOptions {
    /** The defaults, shown by --help. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("writers", "200");          // concurrent clients for create/update/get
        DEFAULTS.put("max-ops", "20000");        // per phase, whichever of count and time comes first
        DEFAULTS.put("max-seconds", "20");
        DEFAULTS.put("low-writers", "10");       // a second create phase at low concurrency; 0 = skip
        DEFAULTS.put("warmup-seconds", "60");    // unreported creates + updates before measuring; 0 = none
        DEFAULTS.put("warmup-ops", "300000");    // ... and at most this many requests
        DEFAULTS.put("paced-rate", "5000");      // writes/s offered by the open-loop phases; 0 = skip them
        DEFAULTS.put("client-event-loops", "2"); // the load generator's event-loop threads
        DEFAULTS.put("list-objects", "1000");    // configmaps in the listed namespace
        DEFAULTS.put("list-clients", "20");
        DEFAULTS.put("list-max-ops", "2000");
        DEFAULTS.put("watchers", "1000");
        DEFAULTS.put("watch-writes", "1000");
        DEFAULTS.put("watch-writers", "10");
        DEFAULTS.put("watch-paced-rate", "20");  // writes/s of the second, paced watch run; 0 = skip it
        DEFAULTS.put("watch-paced-writes", "200");
        DEFAULTS.put("stores", "embedded,etcd");
        DEFAULTS.put("scenarios", "get,list,watch,tls,profile"); // run on embedded after create+update

        DEFAULTS.put("jstack-samples", "8");     // 0 to skip the profiling phase
        DEFAULTS.put("idle-settle-seconds", "2");
        DEFAULTS.put("ready-timeout-seconds", "120");
        DEFAULTS.put("jar", "");                 // default: <project>/cli/target/jube.jar
        DEFAULTS.put("out", "");                 // default: <project>/bench/results
        DEFAULTS.put("server-java-opts", "");    // default: what bin/jube uses
    }

    private final Map<String, String> values;
    final Path projectRoot;

    private BenchOptions(Map<String, String> values, Path projectRoot) {
        this.values = values;
        this.projectRoot = projectRoot;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument \"" + a + "\"; options look like --name value");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option --" + name + " needs a value");
            }
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + DEFAULTS.keySet());
            }
            v.put(name, value);
        }
        BenchOptions o = new BenchOptions(v, findProjectRoot());
        o.validate();
        return o;
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: java -jar bench/target/jube-bench.jar [options]\n");
        DEFAULTS.forEach((k, d) -> b.append("  --").append(k).append(" (default: ").append(d.isEmpty() ? "see README" : d).append(")\n"));
        return b.toString();
    }

    private void validate() {
        for (String k : List.of("writers", "max-ops", "max-seconds", "list-objects", "list-clients", "list-max-ops",
                "watchers", "watch-writes", "watch-writers", "client-event-loops")) {
            if (integer(k) < 1) {
                throw new IllegalArgumentException("--" + k + " must be >= 1");
            }
        }
        for (String k : List.of("warmup-seconds", "warmup-ops", "paced-rate", "low-writers")) {
            if (integer(k) < 0) {
                throw new IllegalArgumentException("--" + k + " must be >= 0");
            }
        }
        for (String s : list("scenarios")) {
            if (!List.of("get", "list", "watch", "tls", "profile").contains(s)) {
                throw new IllegalArgumentException("--scenarios takes get,list,watch,tls,profile; got " + s);
            }
        }
        for (String s : stores()) {
            if (!s.equals("embedded") && !s.equals("etcd")) {
                throw new IllegalArgumentException("--stores takes embedded and/or etcd, got " + s);
            }
        }
    }

    int integer(String name) {
        try {
            return Integer.parseInt(values.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, got \"" + values.get(name) + "\"");
        }
    }

    Duration seconds(String name) {
        return Duration.ofSeconds(integer(name));
    }

    List<String> stores() {
        return list("stores");
    }

    /** Whether an optional embedded scenario (get, list, watch, tls, profile) is to run. */
    boolean scenario(String name) {
        return list("scenarios").contains(name);
    }

    private List<String> list(String name) {
        return Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    Path jar() {
        String j = values.get("jar");
        return j.isEmpty() ? projectRoot.resolve("cli/target/jube.jar") : Path.of(j);
    }

    Path out() {
        String o = values.get("out");
        return o.isEmpty() ? projectRoot.resolve("bench/results") : Path.of(o);
    }

    /** The JVM options bin/jube starts the server with, so the bench measures what users run. */
    List<String> serverJavaOpts() {
        String opts = values.get("server-java-opts");
        if (opts.isEmpty()) {
            opts = launcherDefaults();
        }
        return opts.isBlank() ? List.of() : Arrays.asList(opts.trim().split("\\s+"));
    }

    private String launcherDefaults() {
        try {
            String launcher = Files.readString(projectRoot.resolve("bin/jube"));
            Matcher m = Pattern.compile("\\$\\{JUBE_JAVA_OPTS:-([^}]*)}").matcher(launcher);
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>(values);
        m.put("server-java-opts", String.join(" ", serverJavaOpts()));
        m.put("jar", jar().toString());
        return m;
    }

    /** The directory holding mvnw and cli/, searched upwards from the working directory. */
    private static Path findProjectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 10 && dir != null; i++, dir = dir.getParent()) { // bounded walk up
            if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("cli"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
