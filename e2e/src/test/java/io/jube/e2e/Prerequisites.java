package io.jube.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * What the end-to-end tests need from the machine. A missing prerequisite skips the test on a
 * developer machine but fails it under CI ({@code JUBE_E2E_REQUIRED=1}), so CI can never pass by
 * silently skipping everything.
 */
public final class Prerequisites {
    private Prerequisites() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("JUBE_E2E_REQUIRED"));
    }

    /** The packaged server jar; the failsafe configuration points {@code jube.jar} at cli/target/jube.jar. */
    public static Path jubeJar() {
        Path jar = Path.of(System.getProperty("jube.jar", "../cli/target/jube.jar")).toAbsolutePath().normalize();
        require(Files.isRegularFile(jar), "the server jar " + jar
                + " is missing; build it with ./mvnw -B -q -DskipTests package -pl cli -am");
        return jar;
    }

    public static Path kubectl() {
        Optional<Path> found = onPath("kubectl");
        require(found.isPresent(), "kubectl is not on PATH");
        return found.get();
    }

    public static Path etcd() {
        Optional<Path> found = onPath("etcd");
        require(found.isPresent(), "etcd is not on PATH (Debian package etcd-server)");
        return found.get();
    }

    /** Directory for server/etcd output kept after the run for diagnosing failures. */
    public static Path logDir() {
        return Path.of(System.getProperty("jube.e2e.logs", "target/e2e-logs")).toAbsolutePath();
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, command);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void require(boolean present, String message) {
        if (present) {
            return;
        }
        if (required()) {
            throw new AssertionError("JUBE_E2E_REQUIRED=1 but " + message);
        }
        Assumptions.assumeTrue(false, message);
    }
}
