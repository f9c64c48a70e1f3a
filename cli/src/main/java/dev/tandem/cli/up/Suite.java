package dev.tandem.cli.up;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/** The services {@code tandem up} started: started stage by stage, stopped in reverse order, once. */
final class Suite implements AutoCloseable {

    private final PrintStream log;
    private final List<ServiceProcess> running = new ArrayList<>();
    private boolean closed;

    Suite(PrintStream log) {
        this.log = log;
    }

    /** Starts each stage's services together and waits until all of them are ready before the next stage. */
    void start(List<List<ServiceSpec>> stages, Duration readyTimeout) throws IOException, InterruptedException {
        for (List<ServiceSpec> stage : stages) {
            List<ServiceProcess> started = new ArrayList<>();
            for (ServiceSpec spec : stage) {
                ServiceProcess service = ServiceProcess.start(spec, log);
                synchronized (this) {
                    if (closed) {
                        service.close();
                        throw new InterruptedException("stopping");
                    }
                    running.add(service);
                }
                started.add(service);
            }
            for (ServiceProcess service : started) {
                service.awaitReady(readyTimeout);
                log.printf("tandem: %s ready on 127.0.0.1:%d%n", service.spec().name(), service.spec().readiness().port());
            }
        }
    }

    /**
     * Blocks until a service the suite cannot serve without exits — one named in {@code essential},
     * or the last decode worker — and returns its name. Any other service that exits (a prefill
     * worker, the kv-store, the broker, one of several decode workers) is reported on the log and
     * the rest keep serving: decode workers fall back to local prefill and the gateway routes around
     * a dead worker, which is the point of those fallbacks.
     */
    String awaitFatalExit(Set<String> essential) throws InterruptedException {
        List<ServiceProcess> services = List.copyOf(running);
        BlockingQueue<ServiceProcess> exited = new ArrayBlockingQueue<>(Math.max(1, services.size()));
        for (ServiceProcess service : services) {
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    service.waitFor();
                    exited.offer(service);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long decodeWorkers = services.stream().filter(s -> s.spec().name().startsWith("decode-")).count();
        while (true) {
            ServiceProcess service = exited.take();
            String name = service.spec().name();
            if (isClosed() || essential.contains(name) || (name.startsWith("decode-") && --decodeWorkers == 0)) {
                return name;
            }
            log.printf("tandem: %s exited (code %d); the other services keep serving%n", name, service.exitCode());
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }

    void closeQuietly() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the services in reverse start order (the gateway first, so no request reaches a stopping worker). */
    @Override
    public void close() throws InterruptedException {
        List<ServiceProcess> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(running).reversed();
        }
        for (ServiceProcess service : toStop) {
            if (service.isAlive()) {
                log.println("tandem: stopping " + service.spec().name());
            }
            service.close();
        }
    }
}
