package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.Checkpoint;
import dev.tandem.engine.checkpoint.CheckpointException;
import dev.tandem.engine.checkpoint.DType;
import dev.tandem.engine.checkpoint.Tensor;
import dev.tandem.engine.kernel.Numbers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/** A random-weight checkpoint held in native memory, for tests that need no files. */
public final class InMemoryCheckpoint implements Checkpoint {

    private final ModelConfig config;
    private final Arena arena = Arena.ofShared();
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    public InMemoryCheckpoint(ModelConfig config, DType dtype, long seed) {
        this.config = config;
        SplittableRandom random = new SplittableRandom(seed);
        int h = config.hiddenSize();
        add("model.embed_tokens.weight", dtype, random, 1.0, config.vocabSize(), h);
        for (int i = 0; i < config.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            add(p + "input_layernorm.weight", DType.F32, random, -1, h);
            add(p + "self_attn.q_proj.weight", dtype, random, 1 / Math.sqrt(h), config.queryDim(), h);
            add(p + "self_attn.k_proj.weight", dtype, random, 1 / Math.sqrt(h), config.kvDim(), h);
            add(p + "self_attn.v_proj.weight", dtype, random, 1 / Math.sqrt(h), config.kvDim(), h);
            add(p + "self_attn.o_proj.weight", dtype, random, 1 / Math.sqrt(config.queryDim()), h, config.queryDim());
            if (config.attentionBias()) {
                add(p + "self_attn.q_proj.bias", DType.F32, random, 0.1, config.queryDim());
                add(p + "self_attn.k_proj.bias", DType.F32, random, 0.1, config.kvDim());
                add(p + "self_attn.v_proj.bias", DType.F32, random, 0.1, config.kvDim());
            }
            if (config.architecture().hasQkNorm()) {
                add(p + "self_attn.q_norm.weight", DType.F32, random, -1, config.headDim());
                add(p + "self_attn.k_norm.weight", DType.F32, random, -1, config.headDim());
            }
            add(p + "post_attention_layernorm.weight", DType.F32, random, -1, h);
            add(p + "mlp.gate_proj.weight", dtype, random, 1 / Math.sqrt(h), config.intermediateSize(), h);
            add(p + "mlp.up_proj.weight", dtype, random, 1 / Math.sqrt(h), config.intermediateSize(), h);
            add(p + "mlp.down_proj.weight", dtype, random, 1 / Math.sqrt(config.intermediateSize()), h, config.intermediateSize());
        }
        add("model.norm.weight", DType.F32, random, -1, h);
        if (!config.tieWordEmbeddings()) {
            add("lm_head.weight", dtype, random, 1 / Math.sqrt(h), config.vocabSize(), h);
        }
    }

    /** A small Qwen3-shaped config (head_dim differs from hidden / heads, as in the real models). */
    public static ModelConfig qwen3Config(int vocab) {
        return new ModelConfig(Architecture.QWEN3, vocab, 48, 2, 4, 2, 16, 96, 1e-6, 1_000_000, RopeLayout.ROTATE_HALF,
                false, false, 4096, -1, List.of(1), "bfloat16");
    }

    /** Scale -1 draws norm weights {@code 1 + 0.1 N(0,1)}; otherwise {@code scale * N(0,1)}. */
    private void add(String name, DType dtype, SplittableRandom random, double scale, long... shape) {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        MemorySegment data = arena.allocate(dtype.bytesFor(count), 8);
        ValueLayout.OfFloat f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        ValueLayout.OfShort i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (long i = 0; i < count; i++) {
            float value = (float) (scale < 0 ? 1 + 0.1 * random.nextGaussian() : scale * random.nextGaussian());
            switch (dtype) {
                case F32 -> data.set(f32, 4 * i, value);
                case BF16 -> data.set(i16, 2 * i, Numbers.floatToBf16(value));
                case F16 -> data.set(i16, 2 * i, Numbers.floatToF16(value));
                case Q8_0 -> throw new IllegalArgumentException("use Q8_0 kernels tests for quantized data");
            }
        }
        tensors.put(name, new Tensor(name, dtype, shape, data));
    }

    @Override
    public ModelConfig config() {
        return config;
    }

    @Override
    public Set<String> tensorNames() {
        return tensors.keySet();
    }

    @Override
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new CheckpointException("no tensor " + name);
        }
        return tensor;
    }

    @Override
    public void close() {
        arena.close();
    }
}
