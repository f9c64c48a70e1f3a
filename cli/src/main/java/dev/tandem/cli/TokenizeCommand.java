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

/** {@code tandem tokenize}: JSON lines {@code {"text": ...}} in, {@code {"ids": [...]}} out. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize JSON lines {\"text\": ...} from stdin into {\"ids\": [...]}.")
final class TokenizeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Checkpoint directory or .gguf file.")
    Path model;

    @Option(names = "--no-special-tokens", description = "Do not add the tokenizer's special tokens (e.g. BOS).")
    boolean noSpecialTokens;

    @Override
    public Integer call() throws Exception {
        Tokenizer tokenizer = PromptFormat.load(model).tokenizer();
        JsonLines.process(spec.commandLine().getOut(),
                line -> Map.of("ids", tokenizer.encode(JsonLines.requiredText(line, "text"), !noSpecialTokens)));
        return 0;
    }
}
