package dev.tandem.engine.tokenizer;

import java.util.List;

/** The post-processor of the pipeline: adds special tokens around the encoded ids when asked to. */
sealed interface PostProcessor {

    /** The final ids for one sequence; {@code addSpecialTokens} false leaves them as they are. */
    int[] process(int[] ids, boolean addSpecialTokens);

    /**
     * A single-sequence template such as {@code <s> $A} or {@code [CLS] $A [SEP]} (Hugging Face
     * {@code TemplateProcessing}, {@code BertProcessing}, {@code RobertaProcessing}).
     *
     * @param before ids of the special tokens before the sequence
     * @param after  ids of the special tokens after it
     */
    record Template(int[] before, int[] after) implements PostProcessor {
        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            if (!addSpecialTokens || (before.length == 0 && after.length == 0)) {
                return ids;
            }
            int[] result = new int[before.length + ids.length + after.length];
            System.arraycopy(before, 0, result, 0, before.length);
            System.arraycopy(ids, 0, result, before.length, ids.length);
            System.arraycopy(after, 0, result, before.length + ids.length, after.length);
            return result;
        }
    }

    /** Leaves ids unchanged ({@code ByteLevel}, which only adjusts offsets, or no post-processor). */
    record Identity() implements PostProcessor {
        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            return ids;
        }
    }

    /** Applies post-processors in order. */
    record Sequence(List<PostProcessor> steps) implements PostProcessor {
        @Override
        public int[] process(int[] ids, boolean addSpecialTokens) {
            int[] result = ids;
            for (PostProcessor step : steps) {
                result = step.process(result, addSpecialTokens);
            }
            return result;
        }
    }
}
