package org.govmail.bench.load;

import java.util.Arrays;
import java.util.Collection;

/** Nearest-rank percentiles of nanosecond samples, in milliseconds: one definition for every table. */
public final class Percentiles {
    private Percentiles() {
    }

    public static double millis(Collection<Long> nanos, int percent) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        return millisOfSorted(sorted, percent);
    }

    /** {@code sorted} ascending; 0 when there are no samples. */
    public static double millisOfSorted(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
