package dev.tandem.engine.checkpoint;

import dev.tandem.engine.model.ModelConfig;

/** The {@code general.*} and {@code {arch}.*} metadata of a model, as llama.cpp reads them. */
final class GgufModelKeys {

    private GgufModelKeys() {
    }

    /**
     * @param name       {@code general.name}
     * @param weightType the type of the 2-D weights, for {@code general.file_type}
     */
    static void put(GgufMetadata metadata, ModelConfig config, String name, DType weightType) {
        String arch = config.architecture().ggufName();
        metadata.string("general.architecture", arch)
                .string("general.name", name)
                .u32("general.file_type", GgufLayout.fileType(weightType))
                .u32("general.quantization_version", GgufLayout.QUANTIZATION_VERSION);
        String a = arch + ".";
        metadata.u32(a + "vocab_size", config.vocabSize())
                .u32(a + "context_length", config.maxPositionEmbeddings())
                .u32(a + "embedding_length", config.hiddenSize())
                .u32(a + "block_count", config.numLayers())
                .u32(a + "feed_forward_length", config.intermediateSize())
                .u32(a + "rope.dimension_count", config.headDim())
                .u32(a + "attention.head_count", config.numHeads())
                .u32(a + "attention.head_count_kv", config.numKvHeads())
                .u32(a + "attention.key_length", config.headDim())
                .u32(a + "attention.value_length", config.headDim())
                .f32(a + "attention.layer_norm_rms_epsilon", config.rmsNormEps())
                .f32(a + "rope.freq_base", config.ropeTheta());
    }
}
