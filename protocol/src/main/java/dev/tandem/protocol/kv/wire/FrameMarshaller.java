package dev.tandem.protocol.kv.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Receives PutFrame / GetFrame messages without copying block data. Both messages carry a
 * {@code BlockChunk chunk = 2} ({@code slot = 1, offset = 2, data = 3}); when the transport hands
 * over its buffers ({@link Detachable} and {@link HasByteBuffer}, as grpc-netty does), a chunk's
 * header is decoded by hand and its data left in those buffers. Anything else, or a transport
 * without buffer access, goes through the ordinary protobuf parser.
 */
final class FrameMarshaller<F extends Message> implements MethodDescriptor.Marshaller<ReceivedFrame<F>> {

    private static final int CHUNK_TAG = (2 << 3) | 2;

    private final MethodDescriptor.Marshaller<F> standard;
    private final Parser<F> parser;
    private final Function<F, ChunkFields> chunkOf;

    /** The chunk of a frame parsed the ordinary way, or null. */
    record ChunkFields(int slot, long offset, ByteString data) {
    }

    FrameMarshaller(F defaultInstance, Parser<F> parser, Function<F, ChunkFields> chunkOf) {
        this.standard = ProtoUtils.marshaller(defaultInstance);
        this.parser = parser;
        this.chunkOf = chunkOf;
    }

    @Override
    public InputStream stream(ReceivedFrame<F> value) {
        if (!value.isChunk()) {
            return standard.stream(value.frame());
        }
        throw new UnsupportedOperationException("received chunks are not re-sent");
    }

    @Override
    public ReceivedFrame<F> parse(InputStream stream) {
        try {
            if (stream instanceof Detachable detachable && stream instanceof HasByteBuffer hb && hb.byteBufferSupported()
                    && stream instanceof KnownLength && stream.markSupported()) {
                return parseInPlace(detachable.detach());
            }
            return wrap(parser.parseFrom(stream));
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("malformed kv frame: " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }

    private ReceivedFrame<F> wrap(F frame) {
        ChunkFields chunk = chunkOf.apply(frame);
        return chunk == null ? ReceivedFrame.message(frame)
                : ReceivedFrame.chunk(chunk.slot(), chunk.offset(), chunk.data().asReadOnlyByteBufferList(), null);
    }

    private ReceivedFrame<F> parseInPlace(InputStream in) throws IOException {
        boolean handedOver = false;
        try {
            int total = in.available();
            in.mark(total);
            if (readVarint(in) != CHUNK_TAG) {
                in.reset();
                return ReceivedFrame.message(parser.parseFrom(in));
            }
            long chunkLength = readVarint(in);
            if (chunkLength != in.available()) {
                // Not a lone chunk (another field follows): let protobuf sort it out.
                in.reset();
                ReceivedFrame<F> frame = wrap(parser.parseFrom(in));
                return frame;
            }
            int slot = 0;
            long offset = 0;
            List<ByteBuffer> data = List.of();
            while (in.available() > 0) {
                long tag = readVarint(in);
                switch ((int) tag) {
                    case (1 << 3) -> slot = (int) readVarint(in);
                    case (2 << 3) -> offset = readVarint(in);
                    case (3 << 3) | 2 -> data = slices(in, readVarint(in));
                    default -> skipField(in, tag);
                }
            }
            handedOver = true;
            return ReceivedFrame.chunk(slot, offset, data, in);
        } finally {
            if (!handedOver) {
                in.close();
            }
        }
    }

    /** Views of the next {@code length} bytes in the stream's buffers; the stream is marked, so they stay alive. */
    private static List<ByteBuffer> slices(InputStream in, long length) throws IOException {
        List<ByteBuffer> out = new ArrayList<>(2);
        long left = length;
        while (left > 0) {
            ByteBuffer buffer = ((HasByteBuffer) in).getByteBuffer();
            if (buffer == null || !buffer.hasRemaining()) {
                throw new InvalidProtocolBufferException("chunk data shorter than its length");
            }
            int n = (int) Math.min(buffer.remaining(), left);
            out.add(buffer.slice(buffer.position(), n));
            long skipped = in.skip(n);
            if (skipped != n) {
                throw new InvalidProtocolBufferException("chunk data shorter than its length");
            }
            left -= n;
        }
        return out;
    }

    private static void skipField(InputStream in, long tag) throws IOException {
        switch ((int) (tag & 7)) {
            case 0 -> readVarint(in);
            case 1 -> in.skipNBytes(8);
            case 2 -> in.skipNBytes(readVarint(in));
            case 5 -> in.skipNBytes(4);
            default -> throw new InvalidProtocolBufferException("unsupported wire type in tag " + tag);
        }
    }

    private static long readVarint(InputStream in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new InvalidProtocolBufferException("truncated varint");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidProtocolBufferException("malformed varint");
    }
}
