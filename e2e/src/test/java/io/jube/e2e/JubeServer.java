package io.jube.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code jube server} process started from the packaged jar, on a free loopback port with its
 * own data directory, exactly as a user would start it. Output goes to a file under
 * target/e2e-logs so a failing run can be diagnosed afterwards.
 */
public final class JubeServer implements AutoCloseable {
    /** How long a start may take before the test fails (the brief's bound). */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /** How long a SIGTERM may take to stop the process. */
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final String EXPORT_PREFIX = "export KUBECONFIG=";
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String name;
    private final Path dataDir;
    private final int port;
    private final List<String> extraArgs;
    private Process process;
    private ProcessLog log;
    private ApiClient client;

    private JubeServer(String name, Path dataDir, int port, List<String> extraArgs) {
        this.name = name;
        this.dataDir = dataDir;
        this.port = port;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server with a fresh data directory and waits until it is ready. */
    public static JubeServer start(String name, String... extraArgs) {
        Prerequisites.jubeJar();
        Path base = Prerequisites.logDir().resolveSibling("e2e-data");
        Path dataDir;
        try {
            Files.createDirectories(base);
            dataDir = Files.createTempDirectory(base, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JubeServer server = new JubeServer(name, dataDir, FreePorts.loopback(), List.of(extraArgs));
        server.launch();
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    public Path kubeconfig() {
        return dataDir.resolve("kubeconfig.yaml");
    }

    /** The output of the current (or last) process run. */
    public ProcessLog log() {
        return log;
    }

    /** An HTTPS client authenticated as the cluster admin. */
    public ApiClient client() {
        return client;
    }

    public Kubectl kubectl() {
        return new Kubectl(kubeconfig(), dataDir.resolveSibling(dataDir.getFileName() + "-kubectl-home"));
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the process gets no chance to flush or clean up. */
    public void kill() {
        process.destroyForcibly();
        waitForExit(STOP_TIMEOUT);
    }

    /** SIGTERM and wait for the process to exit; returns its exit code. */
    public int stop() {
        process.destroy();
        return waitForExit(STOP_TIMEOUT);
    }

    /** Stops the server if it still runs (SIGTERM), then starts it again on the same data dir and port. */
    public void restart() {
        if (isAlive()) {
            stop();
        }
        launch();
    }

    @Override
    public void close() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Waits for the process to exit, failing the test when it does not within the timeout. */
    public int waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + " (pid " + process.pid() + ") did not exit within " + timeout
                        + "; log " + log.file() + ":\n" + log.tail(40));
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void launch() {
        // named after the unique data dir, so logs of earlier runs and restarts are never overwritten
        log = new ProcessLog(Prerequisites.logDir().resolve(dataDir.getFileName() + "-run" + RUNS.incrementAndGet()
                + ".log"));
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-Xmx384m", "-jar", Prerequisites.jubeJar().toString(), "server",
                "--data-dir", dataDir.toString(), "--bind-address", "127.0.0.1", "--port", Integer.toString(port)));
        command.addAll(extraArgs);
        try {
            Files.createDirectories(log.file().getParent());
            Files.deleteIfExists(kubeconfig());
            Files.writeString(log.file(), "$ " + String.join(" ", command) + "\n");
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        awaitReady();
    }

    private void awaitReady() {
        try {
            await("jube server " + name + " prints its KUBECONFIG line")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the server process exited", () -> !process.isAlive())
                    .until(() -> exportLine() != null && Files.isRegularFile(kubeconfig()));
            client = ApiClient.admin(kubeconfig(), dataDir);
            await("jube server " + name + " answers /readyz with 200")
                    .atMost(START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .failFast("the server process exited", () -> !process.isAlive())
                    .until(() -> client.get("/readyz").code() == 200);
        } catch (Throwable e) {
            throw new AssertionError("jube server " + name + " did not become ready: " + e.getMessage()
                    + "\nlog " + log.file() + ":\n" + log.tail(60), e);
        }
    }

    /** The {@code export KUBECONFIG=...} line the server prints when ready, or null before that. */
    public String exportLine() {
        return log.lines().stream().filter(l -> l.startsWith(EXPORT_PREFIX)).findFirst().orElse(null);
    }

    @Override
    public String toString() {
        return "jube server " + name + " on 127.0.0.1:" + port + " data " + dataDir;
    }
}
