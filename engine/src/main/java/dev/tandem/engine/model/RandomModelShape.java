package dev.tandem.engine.model;

import dev.tandem.engine.checkpoint.DType;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The model shapes {@link RandomModelWriter} can generate, by their command-line id. */
public enum RandomModelShape {
    /** Same dimensions as the shared {@code qwen3-tiny-random} (3 layers, hidden 64, head_dim 32, untied). */
    QWEN3_TINY("qwen3-tiny", Architecture.QWEN3, 64, 3, 4, 2, 32, 192, false, 1e-6, 1_000_000, 4096, 151_936, true),
    /** Qwen3-0.6B's dimensions (28 layers, hidden 1024, tied embeddings), about 1.2 GB in bf16. */
    QWEN3_0_6B("qwen3-0.6b", Architecture.QWEN3, 1024, 28, 16, 8, 128, 3072, true, 1e-6, 1_000_000, 40960, 151_936, false),
    /** One layer of Qwen3-32B (hidden 5120, 64 heads, intermediate 25600, untied), about 4 GB in bf16. */
    QWEN3_32B_1LAYER("qwen3-32b-1layer", Architecture.QWEN3, 5120, 1, 64, 8, 128, 25600, false, 1e-6, 1_000_000, 40960, 151_936, false),
    /** A Llama like stories260K (GQA 2:1, tied), its vocabulary the tokenizer's. */
    LLAMA_TINY("llama-tiny", Architecture.LLAMA, 64, 2, 8, 4, 8, 172, true, 1e-5, 10_000, 2048, 0, true);

    /** Vocabulary sizes that follow a tokenizer are rounded up to a multiple of this. */
    static final int VOCAB_PADDING = 64;

    private final String id;
    private final Architecture architecture;
    private final int hiddenSize;
    private final int numLayers;
    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    private final int intermediateSize;
    private final boolean tiedEmbeddings;
    private final double rmsNormEps;
    private final double ropeTheta;
    private final int maxPositions;
    private final int fixedVocab;
    private final boolean vocabFollowsOwnTokenizer;

    RandomModelShape(String id, Architecture architecture, int hiddenSize, int numLayers, int numHeads, int numKvHeads,
                     int headDim, int intermediateSize, boolean tiedEmbeddings, double rmsNormEps, double ropeTheta,
                     int maxPositions, int fixedVocab, boolean vocabFollowsOwnTokenizer) {
        this.id = id;
        this.architecture = architecture;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.numHeads = numHeads;
        this.numKvHeads = numKvHeads;
        this.headDim = headDim;
        this.intermediateSize = intermediateSize;
        this.tiedEmbeddings = tiedEmbeddings;
        this.rmsNormEps = rmsNormEps;
        this.ropeTheta = ropeTheta;
        this.maxPositions = maxPositions;
        this.fixedVocab = fixedVocab;
        this.vocabFollowsOwnTokenizer = vocabFollowsOwnTokenizer;
    }

    public String id() {
        return id;
    }

    /** max_position_embeddings of the shape. */
    public int maxPositions() {
        return maxPositions;
    }

    public static RandomModelShape fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown model shape '%s'; known: %s".formatted(id,
                        Arrays.stream(values()).map(RandomModelShape::id).collect(Collectors.joining(", ")))));
    }

    /**
     * The vocabulary size for a tokenizer of {@code tokenizerSize} ids. Qwen shapes keep Qwen's 151936 rows
     * (rows past the tokenizer are never looked up), except qwen3-tiny with the self-made tokenizer; the others
     * pad the tokenizer's size to a multiple of {@value #VOCAB_PADDING}.
     */
    public int vocabSize(int tokenizerSize, boolean tokenizerCopied) {
        if (fixedVocab > 0 && (tokenizerCopied || !vocabFollowsOwnTokenizer)) {
            if (tokenizerSize > fixedVocab) {
                throw new IllegalArgumentException("shape %s has a vocabulary of %d, smaller than the tokenizer's %d ids"
                        .formatted(id, fixedVocab, tokenizerSize));
            }
            return fixedVocab;
        }
        return (tokenizerSize + VOCAB_PADDING - 1) / VOCAB_PADDING * VOCAB_PADDING;
    }

    /** The configuration for this shape with the given vocabulary, special ids and storage type. */
    public ModelConfig config(int vocabSize, int bosTokenId, List<Integer> eosTokenIds, DType dtype) {
        return new ModelConfig(architecture, vocabSize, hiddenSize, numLayers, numHeads, numKvHeads, headDim,
                intermediateSize, rmsNormEps, ropeTheta, RopeLayout.ROTATE_HALF, tiedEmbeddings, false, maxPositions,
                bosTokenId, eosTokenIds, torchDtype(dtype));
    }

    static String torchDtype(DType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case BF16 -> "bfloat16";
            case F16 -> "float16";
            case Q8_0 -> throw new IllegalArgumentException("random models are written as F32, BF16 or F16, not Q8_0");
        };
    }
}
