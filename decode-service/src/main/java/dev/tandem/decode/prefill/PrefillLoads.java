package dev.tandem.decode.prefill;

import dev.tandem.protocol.kv.Hash128;
import dev.tandem.protocol.prefill.PrefillChannels;
import dev.tandem.protocol.prefill.PrefillLoad;
import dev.tandem.protocol.prefill.PrefillMessages;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The prefill workers' load as their {@code prefill-load} reports say: the latest report of each
 * worker, forgotten after {@link #STALE} (the worker stopped or lost its broker connection).
 */
@ApplicationScoped
public class PrefillLoads {

    private static final Logger LOG = Logger.getLogger(PrefillLoads.class);

    /** Reports come every 2 s by default; a worker silent this long no longer counts. */
    static final Duration STALE = Duration.ofSeconds(10);

    private record Report(PrefillLoad load, long receivedNanos) {
    }

    private final ConcurrentMap<String, Report> latest = new ConcurrentHashMap<>();

    @Incoming(PrefillChannels.LOAD)
    public void onLoad(String json) {
        try {
            record(PrefillMessages.load(json), System.nanoTime());
        } catch (IllegalArgumentException e) {
            LOG.warnf("ignoring a prefill-load message: %s", e.getMessage());
        }
    }

    void record(PrefillLoad load, long nowNanos) {
        latest.put(load.workerId(), new Report(load, nowNanos));
    }

    /** Tasks queued at the workers that serve {@code fingerprint}, in total; empty when none of them reported lately. */
    public OptionalInt queued(Hash128 fingerprint, long nowNanos) {
        List<PrefillLoad> fresh = fresh(nowNanos).stream().filter(l -> serves(l, fingerprint)).toList();
        return fresh.isEmpty() ? OptionalInt.empty() : OptionalInt.of(fresh.stream().mapToInt(PrefillLoad::queued).sum());
    }

    /** Whether workers reported lately and every one of them serves another model or KV layout than {@code fingerprint}. */
    public boolean onlyOtherFingerprints(Hash128 fingerprint, long nowNanos) {
        List<PrefillLoad> fresh = fresh(nowNanos);
        return !fresh.isEmpty() && fresh.stream().noneMatch(l -> serves(l, fingerprint));
    }

    private List<PrefillLoad> fresh(long nowNanos) {
        latest.values().removeIf(r -> nowNanos - r.receivedNanos() > STALE.toNanos());
        return latest.values().stream().map(Report::load).toList();
    }

    /** A worker that does not report its fingerprint (an older one) is taken to serve ours. */
    private static boolean serves(PrefillLoad load, Hash128 fingerprint) {
        return load.fingerprint() == null || Hash128.ofHex(load.fingerprint()).equals(fingerprint);
    }
}
