package dev.tandem.cli.up;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start one service of {@code tandem up}.
 *
 * @param name       the log prefix, e.g. {@code decode-0}
 * @param jar        the packaged Quarkus app ({@code target/quarkus-app/quarkus-run.jar})
 * @param readiness  how to tell it is ready
 * @param properties system properties: its Quarkus and Tandem configuration
 * @param jvmArgs    JVM options before the properties
 * @param args       program arguments after the jar
 */
public record ServiceSpec(String name, Path jar, Readiness readiness, Map<String, String> properties, List<String> jvmArgs,
                          List<String> args) {

    public ServiceSpec {
        properties = Map.copyOf(properties);
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
    }
}
