package dev.tandem.cli.up;

import picocli.CommandLine.ITypeConverter;

/** {@code --prefill-mode local|always-remote|conditional}. */
final class PrefillModeConverter implements ITypeConverter<PrefillMode> {

    @Override
    public PrefillMode convert(String value) {
        return PrefillMode.parse(value);
    }
}
