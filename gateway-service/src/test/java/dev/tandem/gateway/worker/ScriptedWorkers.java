package dev.tandem.gateway.worker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/** The scripted workers a {@link ScriptedWorkerResource} started, in the order the gateway lists them. */
public record ScriptedWorkers(List<ScriptedDecodeService> all) {

    public ScriptedWorkers {
        all = List.copyOf(all);
    }

    public ScriptedDecodeService get(int i) {
        return all.get(i);
    }

    /** Every worker plays {@code script}. */
    public void playAll(ScriptedDecodeService.Script script) {
        all.forEach(w -> w.play(script));
    }

    public int calls() {
        return all.stream().mapToInt(ScriptedDecodeService::calls).sum();
    }

    /** Marks the test field ({@code ScriptedWorkers}) the resource fills in. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface Inject {
    }
}
