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

/**
 * A {@code jube sim} process from the same jar as the server: N simulated nodes registered against
 * the server's kubeconfig. Stopping it stops the nodes' heartbeats (their Node objects stay).
 */
public final class SimNodes implements AutoCloseable {
    private final Process process;
    private final ProcessLog log;

    private SimNodes(Process process, ProcessLog log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code jube sim --kubeconfig K --nodes N extraArgs...} and waits for its started line. */
    public static SimNodes start(JubeServer server, int nodes, String... extraArgs) {
        ProcessLog log = new ProcessLog(Prerequisites.logDir().resolve(server.dataDir().getFileName() + "-sim-"
                + System.nanoTime() + ".log"));
        List<String> command = new ArrayList<>(List.of("java", "-XX:+UseSerialGC", "-Xss512k",
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-jar", Prerequisites.jubeJar().toString(), "sim",
                "--kubeconfig", server.kubeconfig().toString(), "--nodes", Integer.toString(nodes)));
        command.addAll(List.of(extraArgs));
        Process process;
        try {
            Files.createDirectories(log.file().getParent());
            Files.writeString(log.file(), "$ " + String.join(" ", command) + "\n");
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        SimNodes sim = new SimNodes(process, log);
        try {
            await("jube sim prints its started line").atMost(JubeServer.START_TIMEOUT)
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("jube sim exited", () -> !process.isAlive())
                    .until(() -> log.text().contains("simulated node(s)"));
        } catch (Throwable e) {
            sim.close();
            throw new AssertionError("jube sim did not start: " + e.getMessage() + "\nlog " + log.file() + ":\n"
                    + log.tail(40), e);
        }
        return sim;
    }

    public ProcessLog log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the nodes vanish without a goodbye, as when a machine dies. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(JubeServer.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(JubeServer.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(JubeServer.STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
