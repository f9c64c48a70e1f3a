package dev.tandem.cli;

import dev.tandem.cli.bench.ServeBenchCommand;
import picocli.CommandLine.Command;

/** {@code tandem bench ...}: benchmarks that print one JSON object each. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks; each prints one JSON object.",
        subcommands = {BenchEngineCommand.class, ServeBenchCommand.class, KvBenchCommand.class,
                BenchMemoryCommand.class, KvBenchWorker.class})
final class BenchCommand {
}
