package dev.tandem.engine.checkpoint;

/** Numbers of the GGUF format shared by the writer's parts: ggml type ids, file types, alignment. */
final class GgufLayout {

    static final int VERSION = 3;
    static final int ALIGNMENT = GgufFile.DEFAULT_ALIGNMENT;
    /** ggml's {@code GGML_QNT_VERSION}, written as {@code general.quantization_version}. */
    static final int QUANTIZATION_VERSION = 2;

    private GgufLayout() {
    }

    /** The ggml type id of a storage type (the inverse of {@link GgufFile#dtype}). */
    static int ggmlType(DType dtype) {
        return switch (dtype) {
            case F32 -> 0;
            case F16 -> 1;
            case Q8_0 -> 8;
            case BF16 -> 30;
        };
    }

    /** llama.cpp's {@code llama_ftype} for a file whose 2-D weights are {@code dtype}: ALL_F32, MOSTLY_F16, MOSTLY_Q8_0, MOSTLY_BF16. */
    static int fileType(DType dtype) {
        return switch (dtype) {
            case F32 -> 0;
            case F16 -> 1;
            case Q8_0 -> 7;
            case BF16 -> 32;
        };
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }
}
