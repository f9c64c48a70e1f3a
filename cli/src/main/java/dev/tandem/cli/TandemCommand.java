package dev.tandem.cli;

import dev.tandem.cli.up.UpCommand;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./tandem}: the command line of Tandem. */
@Command(name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = "Tandem: LLM serving with prefill and decode disaggregated.",
        subcommands = {UpCommand.class, GenerateCommand.class, TokenizeCommand.class, DetokenizeCommand.class, RenderCommand.class,
                ModelCommand.class, BenchCommand.class, BrokerCommand.class, CommandLine.HelpCommand.class})
public final class TandemCommand {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code: 0 ok, 1 failure, 2 bad usage. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; tests redirect its output with {@code setOut}/{@code setErr}. */
    static CommandLine commandLine() {
        return new CommandLine(new TandemCommand())
                .setExecutionExceptionHandler(new CliErrors())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
