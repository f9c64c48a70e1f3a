package dev.tandem.cli;

import dev.tandem.engine.chat.PromptFormat;
import dev.tandem.engine.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code tandem detokenize}: JSON lines {@code {"ids": [...]}} in, {@code {"text": ...}} out. */
@Command(name = "detokenize", mixinStandardHelpOptions = true,
        description = "Decode JSON lines {\"ids\": [...]} from stdin into {\"text\": ...}.")
final class DetokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory or .gguf file.")
    Path model;

    @Option(names = "--skip-special-tokens", description = "Leave special tokens out of the text.")
    boolean skipSpecialTokens;

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = PromptFormat.load(model).tokenizer();
        JsonLines.process(spec.commandLine().getOut(),
                line -> Map.of("text", tokenizer.decode(JsonLines.requiredIds(line, "ids"), skipSpecialTokens)));
        return 0;
    }
}
