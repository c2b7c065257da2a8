package org.govmail.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory and CPU time of a server and every process below it, read from Linux's /proc.
 * Postfix and Dovecot are a master process with short-lived children, so a single pid would miss
 * most of their work: CPU counts each live process's own time plus the time of the children it has
 * already reaped (cutime, cstime), which no longer appear in the tree, so nothing is counted twice.
 * Memory is the proportional set size (PSS: each shared page divided among the processes sharing it),
 * because summing the resident sizes of twenty processes counts every shared library and mapped index
 * file twenty times; for one JVM, PSS and resident size are about the same.
 */
public final class ProcessResources {
    private static final long PAGE_BYTES = 4096;
    private static final double TICKS_PER_SECOND = 100.0;

    private final List<Long> roots;

    public ProcessResources(Collection<Long> roots) {
        this.roots = List.copyOf(roots);
    }

    /** {@code residentBytes}: proportional set size where the kernel gives it, else resident size. */
    public record Sample(long residentBytes, double cpuSeconds, int processes) {
        public double residentMegabytes() {
            return residentBytes / (1024.0 * 1024.0);
        }
    }

    public Sample sample() {
        Map<Long, Stat> all = readAll();
        Set<Long> tree = descendants(all);
        long resident = 0;
        long ticks = 0;
        for (long pid : tree) {
            Stat stat = all.get(pid);
            resident += proportionalBytes(pid).orElse(stat.residentPages() * PAGE_BYTES);
            ticks += stat.ownTicks() + stat.reapedChildTicks();
        }
        return new Sample(resident, ticks / TICKS_PER_SECOND, tree.size());
    }

    private Set<Long> descendants(Map<Long, Stat> all) {
        Map<Long, List<Long>> children = new HashMap<>();
        all.forEach((pid, stat) -> children.computeIfAbsent(stat.parent(), p -> new ArrayList<>()).add(pid));
        Set<Long> tree = new HashSet<>();
        Deque<Long> pending = new ArrayDeque<>();
        for (long root : roots) {
            if (all.containsKey(root)) {
                pending.add(root);
            }
        }
        while (!pending.isEmpty()) {
            long pid = pending.pop();
            if (tree.add(pid)) {
                pending.addAll(children.getOrDefault(pid, List.of()));
            }
        }
        return tree;
    }

    /** The "Pss:" line of smaps_rollup (Linux 4.14 and later); empty where it cannot be read. */
    private static java.util.OptionalLong proportionalBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return java.util.OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // an older kernel, or the process ended: fall back to the resident size
        }
        return java.util.OptionalLong.empty();
    }

    private record Stat(long parent, long ownTicks, long reapedChildTicks, long residentPages) {
    }

    private static Map<Long, Stat> readAll() {
        return ProcFiles.readAll("stat", content -> parse(new String(content, StandardCharsets.UTF_8)));
    }

    /** proc(5): the command name may contain spaces and parentheses, so fields are counted after the last ')'. */
    private static Stat parse(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state) of proc(5)
        long parent = Long.parseLong(fields[1]);
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        long cutime = Long.parseLong(fields[13]);
        long cstime = Long.parseLong(fields[14]);
        long rss = Long.parseLong(fields[21]);
        return new Stat(parent, utime + stime, cutime + cstime, rss);
    }
}
