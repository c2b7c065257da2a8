package org.govmail.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the machine's CPU went during one stretch of a benchmark: the CPU time of named groups of
 * processes (govmail's nodes, each engine), of the load generator (this JVM) and of everything else on
 * the machine (from /proc/stat), each divided by the wall time, so "1.0" is one core busy all along.
 * On a machine whose cores are all busy, the biggest share is what to look at first.
 */
public final class CpuWindow {
    public static final String LOAD_GENERATOR = "load generator (bench JVM)";
    public static final String REST = "rest of the machine";
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, ProcessResources> groups;
    private final Map<String, Double> startSeconds = new LinkedHashMap<>();
    private final double startOwnSeconds;
    private final double startMachineSeconds;
    private final long startNanos;

    private CpuWindow(Map<String, ProcessResources> groups) {
        this.groups = new LinkedHashMap<>(groups);
        groups.forEach((name, processes) -> startSeconds.put(name, processes.sample().cpuSeconds()));
        this.startOwnSeconds = ownSeconds();
        this.startMachineSeconds = machineBusySeconds();
        this.startNanos = System.nanoTime();
    }

    /** Starts counting now for {@code groups} (name → processes; the order is kept in the result). */
    public static CpuWindow begin(Map<String, ProcessResources> groups) {
        return new CpuWindow(groups);
    }

    /** CPU seconds per name (every group, then the load generator and the rest) over {@code wallSeconds}. */
    public record Reading(double wallSeconds, Map<String, Double> cpuSeconds) {
        /** Name → cores busy on average over the window. */
        public Map<String, Double> coresBusy() {
            Map<String, Double> cores = new LinkedHashMap<>();
            cpuSeconds.forEach((name, seconds) -> cores.put(name, seconds / wallSeconds));
            return cores;
        }
    }

    /** What was used since {@link #begin}. */
    public Reading end() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> used = new LinkedHashMap<>();
        double counted = 0;
        for (Map.Entry<String, ProcessResources> group : groups.entrySet()) {
            double seconds = group.getValue().sample().cpuSeconds() - startSeconds.get(group.getKey());
            counted += seconds;
            used.put(group.getKey(), seconds);
        }
        double own = ownSeconds() - startOwnSeconds;
        used.put(LOAD_GENERATOR, own);
        double machine = machineBusySeconds() - startMachineSeconds;
        used.put(REST, Math.max(0, machine - counted - own));
        return new Reading(wall, used);
    }

    /** Name → cores busy on average since {@link #begin}: every group, then the load generator and the rest. */
    public Map<String, Double> coresBusy() {
        return end().coresBusy();
    }

    private static double ownSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return 0;
    }

    /** All cores' non-idle time since boot: user, nice, system, irq, softirq, steal (guest is inside user). */
    private static double machineBusySeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                busy += Long.parseLong(fields[i]);
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read /proc/stat (Linux only)", e);
        }
    }
}
