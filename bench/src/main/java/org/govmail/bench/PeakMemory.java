package org.govmail.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.govmail.bench.load.ProcessResources;

/** Samples every server's resident memory four times a second and keeps the highest reading. */
final class PeakMemory implements AutoCloseable {
    private final Map<BenchServer, ProcessResources> resources;
    private final Map<BenchServer, Long> peaks = new ConcurrentHashMap<>();
    private final Thread sampler;

    PeakMemory(Map<BenchServer, ProcessResources> resources) {
        this.resources = resources;
        this.sampler = new Thread(this::sampleUntilInterrupted, "peak-memory");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void sampleUntilInterrupted() {
        while (!Thread.currentThread().isInterrupted()) {
            resources.forEach((server, process) -> peaks.merge(server, process.sample().residentBytes(), Math::max));
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    double peakMegabytes(BenchServer server) {
        return peaks.getOrDefault(server, 0L) / (1024.0 * 1024.0);
    }

    @Override
    public void close() throws InterruptedException {
        sampler.interrupt();
        sampler.join();
    }
}
