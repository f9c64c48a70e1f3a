package dev.tandem.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's, or "dev" when run from classes. */
final class TandemVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TandemVersion.class.getPackage().getImplementationVersion();
        return new String[] {"tandem " + (version != null ? version : "dev")};
    }
}
