package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.TensorContent;
import dev.tandem.engine.checkpoint.TensorSpec;
import dev.tandem.engine.checkpoint.WritableTensor;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Deterministic random weights, generated in parallel a bounded number of chunks ahead of the writer that
 * consumes them in order.
 *
 * <p>Values: embeddings N(0,1); projections (lm_head included) N(0,1)/sqrt(fan_in); RMSNorm weights
 * 1 + 0.1·N(0,1); biases 0.02·N(0,1). Each tensor is cut into chunks of {@value #CHUNK_ELEMENTS} elements and
 * each chunk draws from its own {@link SplittableRandom} seeded from (seed, tensor index, chunk index), so the
 * bytes depend on the seed alone, not on the thread count. Values are drawn in double, rounded to float, then to
 * the storage type (bf16 and f16 round to nearest even).
 */
final class RandomWeights {

    static final int CHUNK_ELEMENTS = 1 << 20;

    private static final VarHandle SHORTS = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle FLOATS = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);

    private record Chunk(int tensorIndex, long chunkIndex, int elements, double scale, double offset) {
    }

    private final DType dtype;
    private final long seed;
    private final ExecutorService pool;
    private final int window;
    private final List<Chunk> chunks = new ArrayList<>();
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private int nextToSubmit;
    private int nextToTake;

    private RandomWeights(DType dtype, long seed, ExecutorService pool, int window) {
        this.dtype = dtype;
        this.seed = seed;
        this.pool = pool;
        this.window = window;
    }

    /**
     * Tensors whose content is generated on {@code pool}, at most {@code window} chunks ahead; they must be
     * written in list order (as {@link dev.tandem.engine.checkpoint.SafetensorsWriter} does).
     */
    static List<WritableTensor> tensors(List<TensorSpec> specs, DType dtype, long seed, ExecutorService pool, int window) {
        RandomWeights weights = new RandomWeights(dtype, seed, pool, Math.max(1, window));
        List<WritableTensor> tensors = new ArrayList<>();
        for (int t = 0; t < specs.size(); t++) {
            TensorSpec spec = specs.get(t);
            long[] shape = spec.shape();
            long elements = Arrays.stream(shape).reduce(1, Math::multiplyExact);
            double[] init = init(spec.name(), shape);
            int first = weights.chunks.size();
            for (long start = 0, c = 0; start < elements; start += CHUNK_ELEMENTS, c++) {
                weights.chunks.add(new Chunk(t, c, (int) Math.min(CHUNK_ELEMENTS, elements - start), init[0], init[1]));
            }
            int end = weights.chunks.size();
            TensorContent content = out -> {
                for (int i = first; i < end; i++) {
                    TensorContent.writeFully(out, ByteBuffer.wrap(weights.take(i)));
                }
            };
            tensors.add(new WritableTensor(spec.name(), dtype, shape, content));
        }
        return tensors;
    }

    /** {scale, offset} of a tensor's values, chosen by its role. */
    static double[] init(String name, long[] shape) {
        if (name.endsWith("embed_tokens.weight")) {
            return new double[]{1.0, 0.0};
        }
        if (name.endsWith("norm.weight")) {
            return new double[]{0.1, 1.0};
        }
        if (name.endsWith(".bias")) {
            return new double[]{0.02, 0.0};
        }
        if (shape.length != 2) {
            throw new IllegalArgumentException("no initialization for tensor %s of rank %d".formatted(name, shape.length));
        }
        return new double[]{1.0 / Math.sqrt(shape[1]), 0.0};
    }

    /** The seed of one chunk's generator: SplitMix64 finalizers over (seed, tensor index, chunk index). */
    static long chunkSeed(long seed, int tensorIndex, long chunkIndex) {
        long tensorSeed = mix(seed + 0x9E3779B97F4A7C15L * (tensorIndex + 1L));
        return mix(tensorSeed + 0xD1B54A32D192ED03L * (chunkIndex + 1));
    }

    /** The bytes of chunk {@code index}, which must be the next one; keeps the pool {@code window} chunks ahead. */
    private synchronized byte[] take(int index) throws IOException {
        if (index != nextToTake) {
            throw new IllegalStateException("random tensors must be written in order: chunk %d requested, %d is next"
                    .formatted(index, nextToTake));
        }
        while (nextToSubmit < chunks.size() && nextToSubmit - nextToTake < window) {
            Chunk chunk = chunks.get(nextToSubmit++);
            inFlight.addLast(pool.submit(() -> generate(chunk)));
        }
        nextToTake++;
        try {
            return inFlight.removeFirst().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while generating random weights", e);
        } catch (ExecutionException e) {
            throw new IOException("generating random weights failed: " + e.getCause(), e.getCause());
        }
    }

    private byte[] generate(Chunk chunk) {
        SplittableRandom random = new SplittableRandom(chunkSeed(seed, chunk.tensorIndex(), chunk.chunkIndex()));
        int n = chunk.elements();
        byte[] bytes = new byte[Math.toIntExact(dtype.bytesFor(n))];
        for (int i = 0; i < n; i++) {
            float value = (float) (chunk.offset() + chunk.scale() * random.nextGaussian());
            switch (dtype) {
                case F32 -> FLOATS.set(bytes, i * 4, value);
                case BF16 -> SHORTS.set(bytes, i * 2, toBf16(value));
                case F16 -> SHORTS.set(bytes, i * 2, Float.floatToFloat16(value));
                case Q8_0 -> throw new IllegalArgumentException("random weights are not generated as Q8_0");
            }
        }
        return bytes;
    }

    /** Round to nearest even on the upper 16 bits (the values here are finite). */
    static short toBf16(float value) {
        int bits = Float.floatToRawIntBits(value);
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
