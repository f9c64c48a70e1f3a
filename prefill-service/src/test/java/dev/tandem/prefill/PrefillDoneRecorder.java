package dev.tandem.prefill;

import dev.tandem.prefill.service.PrefillDone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps what the worker computed for each request, to compare the stored blocks against. */
@ApplicationScoped
public class PrefillDoneRecorder {

    static final Map<String, PrefillDone> DONE = new ConcurrentHashMap<>();

    void on(@Observes PrefillDone done) {
        DONE.put(done.task().requestId(), done);
    }
}
