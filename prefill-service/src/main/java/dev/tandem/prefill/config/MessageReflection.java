package dev.tandem.prefill.config;

import dev.tandem.protocol.kv.PrefillResult;
import dev.tandem.protocol.prefill.DecodeTarget;
import dev.tandem.protocol.prefill.FirstTokenSampling;
import dev.tandem.protocol.prefill.PrefillCancel;
import dev.tandem.protocol.prefill.PrefillLoad;
import dev.tandem.protocol.prefill.PrefillTask;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The JSON message records, read and written by Jackson through reflection: registered for native images. */
@RegisterForReflection(targets = {PrefillTask.class, FirstTokenSampling.class, DecodeTarget.class, PrefillCancel.class,
        PrefillLoad.class, PrefillResult.class, PrefillResult.TokenLogprob.class})
final class MessageReflection {

    private MessageReflection() {
    }
}
