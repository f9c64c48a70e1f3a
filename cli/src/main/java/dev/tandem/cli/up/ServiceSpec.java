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
 * @param cpus       CPUs to pin the process to ({@code taskset -c} list such as {@code 0} or {@code 2-3}), or null
 */
public record ServiceSpec(String name, Path jar, Readiness readiness, Map<String, String> properties, List<String> jvmArgs,
                          List<String> args, String cpus) {

    public ServiceSpec {
        properties = Map.copyOf(properties);
        jvmArgs = List.copyOf(jvmArgs);
        args = List.copyOf(args);
        if (cpus != null && !cpus.matches("[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*")) {
            throw new IllegalArgumentException("a CPU list is like 0 or 0,2 or 2-3, got " + cpus);
        }
    }
}
