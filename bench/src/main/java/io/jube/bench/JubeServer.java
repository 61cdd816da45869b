package io.jube.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One {@code jube server} process in a temporary data directory, bound to 127.0.0.1 with an extra
 * plain-HTTP port, started exactly as a user would ({@code java -jar jube.jar server ...}).
 * Time-to-ready is measured from just before the process is spawned to the first 200 on /readyz.
 */
final class JubeServer implements AutoCloseable {
    private static final Pattern READY_LINE = Pattern.compile("API server ready at (\\S+) \\(store: (\\S+), (\\d+) ms\\)");
    private static final Duration POLL = Duration.ofMillis(5);

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final int securePort;
    private final int insecurePort;
    private volatile Long reportedReadyMillis;
    private volatile Path printedKubeconfig;
    private long readyMillis = -1;

    private JubeServer(Process process, Path dataDir, Path log, int securePort, int insecurePort) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.securePort = securePort;
        this.insecurePort = insecurePort;
    }

    /**
     * @param etcdEndpoint null for the embedded store
     * @throws IllegalStateException when the server exits or is not ready within {@code readyTimeout}
     */
    static JubeServer start(Path jar, List<String> javaOpts, String etcdEndpoint, Duration readyTimeout) {
        return start(jar, javaOpts, etcdEndpoint, readyTimeout, List.of());
    }

    /** Same, with extra {@code jube server} flags (e.g. {@code --runtime none}). */
    static JubeServer start(Path jar, List<String> javaOpts, String etcdEndpoint, Duration readyTimeout,
                            List<String> serverArgs) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("server jar " + jar + " not found; build it with "
                    + "./mvnw -B -q -DskipTests package -pl cli,bench -am");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("jube-bench-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int securePort = FreePort.pick();
        int insecurePort = FreePort.pick();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOpts);
        command.addAll(List.of("-jar", jar.toString(), "server",
                "--data-dir", dir.resolve("data").toString(),
                "--port", Integer.toString(securePort),
                "--bind-address", "127.0.0.1",
                "--insecure-port", Integer.toString(insecurePort)));
        if (etcdEndpoint != null) {
            command.addAll(List.of("--store", "etcd", "--etcd-endpoints", etcdEndpoint));
        } else {
            command.addAll(List.of("--store", "embedded"));
        }
        command.addAll(serverArgs);
        Path log = dir.resolve("server.log");
        long t0 = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot start " + command + ": " + e.getMessage(), e);
        }
        JubeServer server = new JubeServer(process, dir, log, securePort, insecurePort);
        server.copyOutput();
        try {
            server.awaitReady(t0, readyTimeout);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Copies the server's output to server.log and notes its own ready line. */
    private void copyOutput() {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 Writer out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = in.readLine()) != null) { // ends when the process closes its output
                    Matcher m = READY_LINE.matcher(line);
                    if (m.find()) {
                        reportedReadyMillis = Long.parseLong(m.group(3));
                    }
                    int k = line.indexOf("export KUBECONFIG=");
                    if (k >= 0) {
                        printedKubeconfig = Path.of(line.substring(k + "export KUBECONFIG=".length()).trim());
                    }
                    out.write(line);
                    out.write('\n');
                    out.flush();
                }
            } catch (IOException e) {
                // the process went away; the log keeps what was read
            }
        }, "jube-server-output");
        t.setDaemon(true);
        t.start();
    }

    private void awaitReady(long t0, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest readyz = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + insecurePort + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("jube server exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = http.send(readyz, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    readyMillis = (System.nanoTime() - t0) / 1_000_000;
                    return;
                }
                last = "HTTP " + r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString(); // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
            try {
                process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS); // poll interval; returns early on exit
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the server", e);
            }
        }
        throw new IllegalStateException("jube server not ready after " + timeout + " (last /readyz: " + last + "):\n" + logTail());
    }

    Path dataDir() {
        return dataDir;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    int securePort() {
        return securePort;
    }

    int insecurePort() {
        return insecurePort;
    }

    /** The kubeconfig the server printed, else where the documented interface puts it. */
    Path kubeconfig() {
        Path printed = printedKubeconfig;
        return printed != null ? printed : dataDir.resolve("data").resolve("kubeconfig.yaml");
    }

    /** Milliseconds from spawning the process to the first 200 on /readyz. */
    long readyMillis() {
        return readyMillis;
    }

    /** The startup time the server printed itself, or null if it printed none. */
    Long reportedReadyMillis() {
        return reportedReadyMillis;
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dataDir);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
