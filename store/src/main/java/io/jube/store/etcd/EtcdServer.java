package io.jube.store.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd started from the {@code etcd} binary on PATH (Debian: etcd-server),
 * listening on free 127.0.0.1 ports only, with its data in a temporary directory that
 * {@link #close()} removes. Used by tests, end-to-end runs and benchmarks.
 */
public final class EtcdServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path dir;
    private final String endpoint;

    private EtcdServer(Process process, Path dir, String endpoint) {
        this.process = process;
        this.dir = dir;
        this.endpoint = endpoint;
    }

    /** The etcd binary on PATH, if any. */
    public static Optional<Path> binary() {
        return binary(System.getenv("PATH"));
    }

    static Optional<Path> binary(String path) {
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s, "etcd"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Starts etcd and waits until it reports healthy.
     *
     * @throws IllegalStateException if no {@code etcd} is on PATH or it does not become healthy
     */
    public static EtcdServer start() {
        Path bin = requireBinary(System.getenv("PATH"));
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(bin);
            } catch (IllegalStateException e) {
                last = e; // most likely a port taken between probing and binding: try new ports
            }
        }
        throw last;
    }

    static Path requireBinary(String path) {
        return binary(path).orElseThrow(() -> new IllegalStateException(
                "etcd binary not found on PATH; install it (Debian/Ubuntu: apt-get install etcd-server)"));
    }

    private static EtcdServer startOnce(Path bin) {
        Path dir;
        try {
            dir = Files.createTempDirectory("jube-etcd-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int clientPort = freePort();
        int peerPort = freePort();
        String client = "http://127.0.0.1:" + clientPort;
        String peer = "http://127.0.0.1:" + peerPort;
        Path logFile = dir.resolve("etcd.log");
        List<String> command = List.of(bin.toString(),
                "--name", "jube",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "jube=" + peer,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", "jube-" + clientPort);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new IllegalStateException("cannot start " + bin + ": " + e.getMessage(), e);
        }
        EtcdServer server = new EtcdServer(process, dir, client);
        try {
            server.awaitHealthy(logFile);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void awaitHealthy(Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint + "/health"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + tail(logFile));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"true\"")) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS); // poll interval; returns early if etcd dies
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for etcd", e);
            }
        }
        throw new IllegalStateException("etcd at " + endpoint + " not healthy after " + START_TIMEOUT + ": " + tail(logFile));
    }

    /** The client URL, e.g. {@code http://127.0.0.1:34567}. */
    public String endpoint() {
        return endpoint;
    }

    /** The temporary directory holding etcd's data and log; removed by {@link #close()}. */
    Path dataDir() {
        return dir;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteTree(dir);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }
}
