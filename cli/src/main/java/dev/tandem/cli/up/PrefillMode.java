package dev.tandem.cli.up;

/**
 * Where decode workers prefill prompts: {@code local} on themselves; {@code always_remote} on the
 * prefill workers (SGLang PD's flow); {@code conditional} remotely only when the uncached prompt is
 * long and the prefill queue is short (Dynamo's). Written with a dash on the command line.
 */
public enum PrefillMode {
    local, always_remote, conditional;

    /** The value decode-service's {@code tandem.decode.prefill.mode} takes. */
    public String configValue() {
        return name().replace('_', '-');
    }

    /** Whether the suite needs the broker, the kv-store and prefill workers. */
    public boolean disaggregated() {
        return this != local;
    }

    public static PrefillMode parse(String value) {
        for (PrefillMode mode : values()) {
            if (mode.configValue().equalsIgnoreCase(value) || mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--prefill-mode must be local, always-remote or conditional, got " + value);
    }
}
