package dev.tandem.gateway.client;

import dev.tandem.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.stork.Stork;
import io.smallrye.stork.api.ServiceInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The decode workers Stork lists, kept current: every poll interval the list is re-read (new workers get a channel,
 * vanished ones are closed) and each worker's Info/Load probed, which marks it healthy or not.
 */
@ApplicationScoped
public class WorkerRegistry {

    private static final Logger LOG = Logger.getLogger(WorkerRegistry.class);

    private final GatewayConfig config;
    private final Map<String, DecodeWorker> workers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tandem-gateway-worker-poller").daemon().factory());
    private volatile Consumer<String> onRemoved = id -> { };

    public WorkerRegistry(GatewayConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long interval = config.routing().pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::refreshQuietly, 0, interval, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        poller.shutdownNow();
        workers.values().forEach(DecodeWorker::close);
    }

    /** Called with a worker's id when it leaves the pool (routing memory is dropped). */
    public void onRemoved(Consumer<String> listener) {
        this.onRemoved = listener;
    }

    /** Healthy workers, in id order. When none is known healthy, probes once more before answering. */
    public List<DecodeWorker> healthy() {
        List<DecodeWorker> healthy = currentlyHealthy();
        if (healthy.isEmpty()) {
            refreshQuietly();
            healthy = currentlyHealthy();
        }
        return healthy;
    }

    public List<DecodeWorker> all() {
        return workers.values().stream().sorted(Comparator.comparing(DecodeWorker::id)).toList();
    }

    private List<DecodeWorker> currentlyHealthy() {
        return workers.values().stream().filter(DecodeWorker::healthy).sorted(Comparator.comparing(DecodeWorker::id)).toList();
    }

    /** Re-reads the worker list and probes every worker; serialized so that concurrent callers share one probe. */
    synchronized void refresh() {
        List<ServiceInstance> instances = Stork.getInstance().getService(config.workerService()).getInstances()
                .await().atMost(config.routing().probeTimeout());
        Set<String> seen = new HashSet<>();
        for (ServiceInstance instance : instances) {
            String id = instance.getHost() + ":" + instance.getPort();
            seen.add(id);
            workers.computeIfAbsent(id, k -> new DecodeWorker(instance.getHost(), instance.getPort()));
        }
        for (String id : Set.copyOf(workers.keySet())) {
            if (!seen.contains(id)) {
                workers.remove(id).close();
                onRemoved.accept(id);
            }
        }
        for (DecodeWorker worker : workers.values()) {
            boolean was = worker.healthy();
            worker.probe(config.routing().probeTimeout());
            if (was != worker.healthy()) {
                LOG.infof("decode worker %s is %s", worker.id(), worker.healthy() ? "healthy" : "unhealthy: " + worker.lastProblem());
            }
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("could not refresh the decode workers of service '%s': %s", config.workerService(), e.toString());
        }
    }
}
