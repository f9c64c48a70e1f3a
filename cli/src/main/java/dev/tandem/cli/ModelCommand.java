package dev.tandem.cli;

import picocli.CommandLine.Command;

/** {@code tandem model ...}: tools for checkpoints. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Checkpoint tools.",
        subcommands = {RandomModelCommand.class, ExportGgufCommand.class})
final class ModelCommand {
}
