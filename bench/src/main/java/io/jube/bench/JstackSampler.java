package io.jube.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A poor man's profiler: a few {@code jstack} dumps of the server taken during load, folded into
 * "which frames are on CPU" counts. Each dump stops the server at a safepoint, so sampling runs
 * only in an extra phase whose numbers are not reported.
 */
final class JstackSampler {
    /** Frames where a RUNNABLE thread is really parked in the kernel waiting for work. */
    private static final List<String> IDLE = List.of("epollWait", "EPoll.wait", "Native.epoll", "accept0",
            "socketAccept", "KQueue", "SelectorImpl", "Object.wait", "Unsafe.park", "Thread.sleep",
            "waitForReferencePendingList");

    private final Map<String, Integer> topFrames = new HashMap<>();
    private final Map<String, Integer> jubeFrames = new HashMap<>();
    private final Map<String, Integer> threadStates = new HashMap<>();
    private final Map<String, Integer> blockedAt = new HashMap<>();
    private int dumps;
    private int runnableBusy;

    /** Takes up to {@code samples} dumps, {@code interval} apart, while {@code running} stays true. */
    static JstackSampler sample(long pid, int samples, Duration interval, java.util.function.BooleanSupplier running) {
        JstackSampler s = new JstackSampler();
        Path jstack = Path.of(System.getProperty("java.home"), "bin", "jstack");
        for (int i = 0; i < samples && running.getAsBoolean(); i++) {
            try {
                Process p = new ProcessBuilder(jstack.toString(), Long.toString(pid)).redirectErrorStream(true).start();
                String dump = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    s.fold(dump);
                }
                Thread.sleep(interval.toMillis()); // sampling cadence, not synchronisation
            } catch (IOException e) {
                break; // no jstack on this JDK: report what we have
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return s;
    }

    /** Folds one thread dump in. */
    void fold(String dump) {
        dumps++;
        for (String block : dump.split("\n\\s*\n")) {
            String[] lines = block.split("\n");
            if (lines.length < 2 || !lines[0].startsWith("\"")) {
                continue;
            }
            String name = lines[0].substring(1, Math.max(1, lines[0].indexOf('"', 1)));
            String state = lines[1].trim().replace("java.lang.Thread.State: ", "");
            String group = name.replaceAll("[0-9]+", "N");
            String top = null;
            String jube = null;
            for (String l : lines) {
                String t = l.trim();
                if (t.startsWith("at ")) {
                    String frame = t.substring(3).replaceAll("\\(.*\\)", "");
                    if (top == null) {
                        top = frame;
                    }
                    if (jube == null && frame.startsWith("io.jube.")) {
                        jube = frame;
                    }
                }
            }
            if (state.startsWith("BLOCKED") || state.startsWith("WAITING") && jube != null) {
                blockedAt.merge(state.split(" ")[0] + " in " + (jube != null ? jube : top) + " on " + lockOf(lines), 1, Integer::sum);
            }
            boolean idle = top == null || IDLE.stream().anyMatch(top::contains);
            String effective = state.startsWith("RUNNABLE") && idle ? "RUNNABLE(idle wait)" : state.split(" ")[0];
            threadStates.merge(group + " " + effective, 1, Integer::sum);
            if (state.startsWith("RUNNABLE") && !idle) {
                runnableBusy++;
                topFrames.merge(top, 1, Integer::sum);
                if (jube != null) {
                    jubeFrames.merge(jube, 1, Integer::sum);
                }
            }
        }
    }

    /** The monitor or lock a thread waits for, from "- waiting to lock/on/parking to wait for <..> (a X)". */
    private static String lockOf(String[] lines) {
        for (String l : lines) {
            String t = l.trim();
            if (t.startsWith("- waiting to lock") || t.startsWith("- waiting on") || t.startsWith("- parking to wait for")) {
                int a = t.indexOf("(a ");
                return a >= 0 ? t.substring(a + 3, t.length() - 1) : t;
            }
        }
        return "?";
    }

    int dumps() {
        return dumps;
    }

    String render(int limit) {
        StringBuilder b = new StringBuilder();
        b.append("jstack samples: ").append(dumps).append(" dumps, ").append(runnableBusy)
                .append(" busy RUNNABLE thread stacks\n\n");
        section(b, "Top frames of busy threads (count over all dumps)", topFrames, limit);
        section(b, "First io.jube frame on busy threads", jubeFrames, limit);
        section(b, "Waiting or blocked threads inside io.jube code (state, first io.jube frame, lock)", blockedAt, limit);
        section(b, "Threads by name pattern and state (summed over dumps)", threadStates, limit * 2);
        return b.toString();
    }

    private static void section(StringBuilder b, String title, Map<String, Integer> counts, int limit) {
        b.append("### ").append(title).append("\n\n| count | where |\n|---:|---|\n");
        Map<String, Integer> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(limit)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, c) -> a, LinkedHashMap::new));
        top.forEach((k, v) -> b.append("| ").append(v).append(" | `").append(k).append("` |\n"));
        b.append('\n');
    }
}
