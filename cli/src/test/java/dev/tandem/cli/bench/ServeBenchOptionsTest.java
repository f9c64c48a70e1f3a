package dev.tandem.cli.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServeBenchOptionsTest {

    @Test
    void upOptionsPassThroughEvenWhenTheyLookLikeOptions() {
        ServeBenchCommand command = new ServeBenchCommand();
        new CommandLine(command).parseArgs("--up", "--up-option=--decode-workers=2", "--up-option", "--model=/tmp/m",
                "--goodput", "ttft:500", "tpot:100", "--json");
        assertEquals(List.of("--decode-workers=2", "--model=/tmp/m"), command.upOptions);
    }
}
