package dev.tandem.cli.up;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports that are free now (another process may still take one before it is bound). */
public final class FreePorts {

    private FreePorts() {
    }

    public static int one() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The first of {@code n} consecutive free ports. */
    public static int run(int n) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int first = one();
            if (first + n <= 65535 && allFree(first + 1, first + n)) {
                return first;
            }
        }
        throw new IOException("found no run of " + n + " free ports");
    }

    private static boolean allFree(int from, int to) {
        for (int port = from; port < to; port++) {
            try (ServerSocket ignored = new ServerSocket()) {
                ignored.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
