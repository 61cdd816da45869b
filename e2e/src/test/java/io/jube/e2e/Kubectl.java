package io.jube.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code kubectl} against one server's admin kubeconfig. Each instance has its own
 * HOME so kubectl's discovery cache never leaks between servers or into the user's ~/.kube.
 */
public final class Kubectl {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path kubeconfig;
    private final Path home;

    public Kubectl(Path kubeconfig, Path home) {
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** {@code kubectl --kubeconfig K args...}. */
    public Result run(String... args) {
        return run(null, Map.of(), args);
    }

    /** Same, with text written to kubectl's stdin (for {@code -f -}). */
    public Result withInput(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    /** {@code kubectl apply -f -} with the given YAML and extra flags. */
    public Result apply(String yaml, String... extraArgs) {
        return withInput(yaml, concat(List.of("apply", "-f", "-"), extraArgs));
    }

    /** {@code kubectl create -f -} with the given YAML and extra flags. */
    public Result create(String yaml, String... extraArgs) {
        return withInput(yaml, concat(List.of("create", "-f", "-"), extraArgs));
    }

    public Result run(String stdin, Map<String, String> env, String... args) {
        Process process = startProcess(env, args, ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.PIPE);
        String command = describe(args);
        try {
            // Drain both pipes concurrently with stdin so a large output can never block kubectl.
            var out = readAsync(process.getInputStream());
            var err = readAsync(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + TIMEOUT);
            }
            return new Result(command, process.exitValue(), out.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                    err.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(command + ": cannot read output: " + e.getMessage(), e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}) writing stdout and stderr to a file. */
    public Background background(Path output, String... args) {
        ProcessBuilder.Redirect file = ProcessBuilder.Redirect.to(output.toFile());
        Process process = startProcess(Map.of(), args, file, ProcessBuilder.Redirect.appendTo(output.toFile()));
        return new Background(describe(args), process, new ProcessLog(output));
    }

    private Process startProcess(Map<String, String> env, String[] args, ProcessBuilder.Redirect out,
            ProcessBuilder.Redirect err) {
        List<String> command = new ArrayList<>();
        command.add(Prerequisites.kubectl().toString());
        command.add("--kubeconfig");
        command.add(kubeconfig.toString());
        command.addAll(Arrays.asList(args));
        try {
            Files.createDirectories(home);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out).redirectError(err);
            builder.environment().remove("KUBECONFIG");
            builder.environment().put("HOME", home.toString());
            builder.environment().putAll(env);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl: " + e.getMessage(), e);
        }
    }

    private static java.util.concurrent.CompletableFuture<String> readAsync(java.io.InputStream stream) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String[] concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(Arrays.asList(tail));
        return all.toArray(String[]::new);
    }

    private static String describe(String... args) {
        return "kubectl " + String.join(" ", args);
    }

    /** The outcome of one kubectl run. */
    public record Result(String command, int code, String out, String err) {
        /** stdout lines. */
        public List<String> lines() {
            return out.lines().toList();
        }

        /** Fails with the full output unless kubectl exited 0; returns this for chaining. */
        public Result ok() {
            if (code != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        /** Fails unless kubectl exited non-zero. */
        public Result failed() {
            if (code == 0) {
                throw new AssertionError("expected failure, but " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return command + "\n  exit " + code + "\n  stdout: " + out.strip().replace("\n", "\n          ")
                    + "\n  stderr: " + err.strip().replace("\n", "\n          ");
        }
    }

    /** A kubectl process left running, e.g. a watch. Closing it kills the process. */
    public record Background(String command, Process process, ProcessLog output) implements AutoCloseable {
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
