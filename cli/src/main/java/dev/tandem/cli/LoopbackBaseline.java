package dev.tandem.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * What the kv transports are compared with, measured in the same run over the same bytes and
 * the same number of streams: a plain loopback TCP copy between two processes (for gRPC), and a
 * memcpy (for shared memory).
 */
final class LoopbackBaseline {

    private LoopbackBaseline() {
    }

    /** Bytes per second of sending {@code blocks} through {@code streams} sockets to the sink process at {@code port}. */
    static double tcp(int port, MemorySegment[] blocks, KvBenchWarmup warmup, int streams) throws Exception {
        List<SocketChannel> sockets = new ArrayList<>();
        try {
            for (int s = 0; s < streams; s++) {
                SocketChannel socket = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                socket.socket().setTcpNoDelay(true);
                sockets.add(socket);
            }
            warmup.run(blocks.length, (first, n) -> send(sockets, blocks, n));
            long start = System.nanoTime();
            send(sockets, blocks, blocks.length);
            long nanos = System.nanoTime() - start;
            return bytes(blocks, blocks.length) / (nanos / 1e9);
        } finally {
            for (SocketChannel socket : sockets) {
                socket.close();
            }
        }
    }

    /** Bytes per second of copying the blocks into other memory with {@code streams} threads. */
    static double memcpy(MemorySegment[] blocks, KvBenchWarmup warmup, int streams) throws Exception {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment[] targets = KvBenchData.allocate(arena, blocks.length, blocks[0].byteSize());
            warmup.run(blocks.length, (first, n) -> copy(blocks, targets, n, streams));
            long start = System.nanoTime();
            copy(blocks, targets, blocks.length, streams);
            long nanos = System.nanoTime() - start;
            return bytes(blocks, blocks.length) / (nanos / 1e9);
        }
    }

    /**
     * The receiving process: prints its port, accepts {@code streams} connections, and on each reads
     * rounds of (8-byte length, that many bytes), acknowledging each round with one byte.
     */
    static void sink(int streams, long blockBytes, PrintStream out) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            out.println("{\"port\":" + ((InetSocketAddress) server.getLocalAddress()).getPort() + "}");
            out.flush();
            List<Thread> threads = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                SocketChannel socket = server.accept();
                threads.add(Thread.ofPlatform().start(() -> drain(socket, blockBytes)));
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private static void drain(SocketChannel socket, long blockBytes) {
        ByteBuffer header = ByteBuffer.allocateDirect(8);
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.min(blockBytes, 64 << 20));
        ByteBuffer ack = ByteBuffer.allocateDirect(1);
        try (socket) {
            while (true) {
                header.clear();
                while (header.hasRemaining()) {
                    if (socket.read(header) < 0) {
                        return;
                    }
                }
                long remaining = header.flip().getLong();
                while (remaining > 0) {
                    buffer.clear().limit((int) Math.min(buffer.capacity(), remaining));
                    int n = socket.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    remaining -= n;
                }
                ack.clear();
                socket.write(ack.put((byte) 1).flip());
            }
        } catch (IOException e) {
            // The sender is gone: nothing left to measure.
        }
    }

    private static void send(List<SocketChannel> sockets, MemorySegment[] blocks, int n) throws Exception {
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int s = 0; s < sockets.size(); s++) {
            int from = (int) ((long) n * s / sockets.size());
            int to = (int) ((long) n * (s + 1) / sockets.size());
            SocketChannel socket = sockets.get(s);
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    ByteBuffer header = ByteBuffer.allocateDirect(8).putLong(bytes(blocks, from, to)).flip();
                    while (header.hasRemaining()) {
                        socket.write(header);
                    }
                    for (int i = from; i < to; i++) {
                        ByteBuffer data = blocks[i].asByteBuffer();
                        while (data.hasRemaining()) {
                            socket.write(data);
                        }
                    }
                    ByteBuffer ack = ByteBuffer.allocateDirect(1);
                    while (ack.hasRemaining()) {
                        if (socket.read(ack) < 0) {
                            throw new IOException("the sink closed before acknowledging");
                        }
                    }
                } catch (Exception e) {
                    failure[0] = e;
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static void copy(MemorySegment[] from, MemorySegment[] to, int n, int streams) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int first = (int) ((long) n * s / streams);
            int last = (int) ((long) n * (s + 1) / streams);
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = first; i < last; i++) {
                    MemorySegment.copy(from[i], 0, to[i], 0, from[i].byteSize());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static long bytes(MemorySegment[] blocks, int n) {
        return bytes(blocks, 0, n);
    }

    private static long bytes(MemorySegment[] blocks, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += blocks[i].byteSize();
        }
        return total;
    }
}
