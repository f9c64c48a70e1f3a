package dev.tandem.cli;

import picocli.CommandLine.Command;

/** {@code tandem bench ...}: benchmarks. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks.",
        subcommands = {BenchMemoryCommand.class})
final class BenchCommand {
}
