package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.Checkpoints;
import dev.tandem.engine.kernel.ComputePool;
import dev.tandem.engine.kernel.VectorKernels;

import java.nio.file.Path;

/**
 * A checkpoint opened for inference: its weights bound in place, the compute pool and the forward
 * pass. Closing it stops the pool and unmaps the weights.
 */
public final class Model implements AutoCloseable {

    private final Checkpoint checkpoint;
    private final ComputePool pool;
    private final Transformer transformer;

    private Model(Checkpoint checkpoint, ComputePool pool) {
        this.checkpoint = checkpoint;
        this.pool = pool;
        this.transformer = new Transformer(checkpoint.config(), TransformerWeights.bind(checkpoint), new VectorKernels(pool), pool);
    }

    /** Opens a checkpoint directory or GGUF file and runs it on {@code threads} cores. */
    public static Model open(Path path, int threads) {
        Checkpoint checkpoint = Checkpoints.open(path);
        try {
            return new Model(checkpoint, new ComputePool(threads));
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    /** Runs an already opened checkpoint (which the model then owns) on {@code threads} cores. */
    public static Model of(Checkpoint checkpoint, int threads) {
        return new Model(checkpoint, new ComputePool(threads));
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
        checkpoint.close();
    }
}
