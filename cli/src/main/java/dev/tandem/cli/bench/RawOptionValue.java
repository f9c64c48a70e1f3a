package dev.tandem.cli.bench;

import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Map;
import java.util.Stack;

/**
 * Takes the next argument as the option's value even when it looks like an option, so that
 * {@code --up-option=--decode-workers=2} passes {@code --decode-workers=2} through to the suite.
 */
final class RawOptionValue implements IParameterPreprocessor {

    @Override
    @SuppressWarnings("unchecked")
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
        if (args.isEmpty()) {
            return false; // picocli reports the missing value
        }
        ((List<String>) argSpec.getValue()).add(args.pop());
        return true;
    }
}
