package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.Checkpoints;
import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.VectorKernels;

import java.lang.foreign.Arena;
import java.nio.file.Path;

/**
 * A checkpoint opened for inference: its weights bound in place, the compute pool and the forward
 * pass. Closing it stops the pool and unmaps the weights.
 */
public final class Model implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final ComputePool pool;
    private final Arena quantized = Arena.ofShared();
    private final Transformer transformer;

    private Model(Checkpoint checkpoint, ComputePool pool, WeightQuantization quantization) {
        this.checkpoint = checkpoint;
        this.pool = pool;
        VectorKernels kernels = new VectorKernels(pool);
        TransformerWeights weights = quantization.apply(TransformerWeights.bind(checkpoint), quantized, kernels, pool);
        this.transformer = new Transformer(checkpoint.config(), weights, kernels, pool);
    }

    /** Opens a checkpoint directory or GGUF file and runs it on {@code threads} cores. */
    public static Model open(Path path, int threads) {
        return open(path, threads, WeightQuantization.NONE);
    }

    /** Opens a checkpoint, quantizing its weights at load time. */
    public static Model open(Path path, int threads, WeightQuantization quantization) {
        Checkpoint checkpoint = Checkpoints.open(path);
        try {
            return new Model(checkpoint, new ComputePool(threads), quantization);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** Runs an already opened checkpoint (which the model then owns) on {@code threads} cores. */
    public static Model of(Checkpoint checkpoint, int threads) {
        return new Model(checkpoint, new ComputePool(threads), WeightQuantization.NONE);
    }

    public ModelConfig config() {
        return checkpoint.config();
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    public Transformer transformer() {
        return transformer;
    }

    @Override
    public void close() {
        pool.close();
        quantized.close();
        checkpoint.close();
    }
}
