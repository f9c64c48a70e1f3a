package dev.tandem.engine.serving;

/**
 * Receives a prefill request's KV layer by layer, as each forward pass computes it: for every step
 * that runs part of the prompt, once per layer in layer order. Called on the engine's step-loop
 * thread, in the middle of the forward pass: copy the rows out and return, never block.
 */
@FunctionalInterface
public interface LayerKvSink {

    void onLayer(LayerKv kv);
}
