package dev.tandem.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a failed command into one line on stderr and exit code 1: the message names the problem;
 * no stack trace unless {@code TANDEM_DEBUG} is set.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
        String message = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        if (cause instanceof java.nio.file.NoSuchFileException) {
            message = "no such file: " + message;
        } else if (cause instanceof IOException && !(cause instanceof java.nio.file.FileSystemException)) {
            message = "I/O error: " + message;
        }
        commandLine.getErr().println("error: " + message);
        if (System.getenv("TANDEM_DEBUG") != null) {
            e.printStackTrace(commandLine.getErr());
        }
        return 1;
    }
}
