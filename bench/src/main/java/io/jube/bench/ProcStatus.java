package io.jube.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory figures of a process from Linux's /proc/PID/status. */
final class ProcStatus {
    private ProcStatus() {
    }

    /** Resident set size in KiB, or -1 when the process is gone or /proc is unavailable. */
    static long rssKib(long pid) {
        return field(pid, "VmRSS:");
    }

    /** Peak resident set size in KiB, or -1. */
    static long peakRssKib(long pid) {
        return field(pid, "VmHWM:");
    }

    private static long field(long pid, String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
