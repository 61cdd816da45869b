package io.jube.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU seconds used during a phase by the server, by this bench process, and by everything else
 * on the machine (other tenants), from /proc. On a small shared machine this tells whether a
 * phase was limited by the server, by the load generator, or by neighbours.
 */
final class CpuMeter {
    /** Linux reports /proc times in USER_HZ ticks, which is 100 on every mainstream kernel build. */
    private static final double TICK_SECONDS = 0.01;

    /** CPU seconds spent in one interval; negative values mean "not available". */
    record Usage(double server, double bench, double others, double wall) {
        static final Usage NONE = new Usage(-1, -1, -1, -1);
    }

    private final long pid;
    private final long serverTicks;
    private final long benchNanos;
    private final long[] machine;
    private final long wallNanos;

    private CpuMeter(long pid) {
        this.pid = pid;
        this.serverTicks = processTicks(pid);
        this.benchNanos = benchCpuNanos();
        this.machine = machineTicks();
        this.wallNanos = System.nanoTime();
    }

    static CpuMeter start(long serverPid) {
        return new CpuMeter(serverPid);
    }

    Usage stop() {
        long server = processTicks(pid);
        long bench = benchCpuNanos();
        long[] m = machineTicks();
        if (server < 0 || serverTicks < 0 || bench < 0 || m == null || machine == null) {
            return Usage.NONE;
        }
        double serverS = (server - serverTicks) * TICK_SECONDS;
        double benchS = (bench - benchNanos) / 1e9;
        double busyS = (m[0] - machine[0]) * TICK_SECONDS;
        return new Usage(serverS, benchS, Math.max(0, busyS - serverS - benchS), (System.nanoTime() - wallNanos) / 1e9);
    }

    /** utime + stime of a process, in ticks; -1 when unreadable. */
    private static long processTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // the name may contain spaces
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long benchCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** {busy, total} ticks over all CPUs from /proc/stat; null when unreadable. */
    private static long[] machineTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]); // idle + iowait
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
