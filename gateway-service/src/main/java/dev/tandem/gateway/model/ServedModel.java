package dev.tandem.gateway.model;

import dev.tandem.engine.chat.PromptFormat;
import dev.tandem.engine.checkpoint.ModelConfigReader;
import dev.tandem.engine.model.ModelConfig;
import dev.tandem.engine.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The model the gateway serves, as far as text is concerned: its tokenizer and chat template, its context length
 * and vocabulary size (from config.json), and the names clients may ask for it by.
 */
public final class ServedModel {

    private final Path dir;
    private final PromptFormat format;
    private final int contextLength;
    private final int vocabSize;
    private final Set<Integer> eosTokenIds;
    private final List<String> names;

    private ServedModel(Path dir, PromptFormat format, ModelConfig config, List<String> names) {
        this.dir = dir;
        this.format = format;
        this.contextLength = config.maxPositionEmbeddings();
        this.vocabSize = Math.max(config.vocabSize(), format.tokenizer().vocabSize());
        Set<Integer> eos = new HashSet<>(config.eosTokenIds());
        eos.addAll(format.tokenizer().eosTokenIds());
        this.eosTokenIds = Set.copyOf(eos);
        this.names = List.copyOf(names);
    }

    /** Loads the tokenizer, chat template and config of {@code dir}; it is served as {@code dir} and the aliases. */
    public static ServedModel load(Path dir, List<String> aliases) {
        Set<String> names = new LinkedHashSet<>();
        names.add(dir.toString());
        names.addAll(aliases);
        return new ServedModel(dir, PromptFormat.load(dir), ModelConfigReader.read(dir), new ArrayList<>(names));
    }

    public Path dir() {
        return dir;
    }

    public PromptFormat format() {
        return format;
    }

    public Tokenizer tokenizer() {
        return format.tokenizer();
    }

    /** Prompt plus generated tokens at most. */
    public int contextLength() {
        return contextLength;
    }

    /** Valid token ids are {@code [0, vocabSize)}. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Ids that end generation (model config and tokenizer together); not shown in the output. */
    public Set<Integer> eosTokenIds() {
        return eosTokenIds;
    }

    /** The served names, the directory path first. */
    public List<String> names() {
        return names;
    }

    public boolean answersTo(String name) {
        return names.contains(name);
    }
}
