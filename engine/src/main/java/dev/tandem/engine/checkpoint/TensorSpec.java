package dev.tandem.engine.checkpoint;

import java.util.Arrays;

/**
 * A tensor a model needs: its Hugging Face name and row-major shape.
 *
 * @param required false for tensors that may be absent (lm_head when embeddings are tied)
 */
public record TensorSpec(String name, long[] shape, boolean required) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Whether {@code actual} has exactly this spec's shape. */
    public boolean matches(long[] actual) {
        return Arrays.equals(shape, actual);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TensorSpec that && name.equals(that.name) && Arrays.equals(shape, that.shape)
                && required == that.required;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "%s %s%s".formatted(name, Arrays.toString(shape), required ? "" : " (optional)");
    }
}
