package dev.tandem.protocol.kv.wire;

import dev.tandem.protocol.grpc.GetFrame;
import dev.tandem.protocol.grpc.GetRequest;
import dev.tandem.protocol.grpc.KvStoreGrpc;
import dev.tandem.protocol.grpc.PutFrame;
import dev.tandem.protocol.grpc.PutResult;
import dev.tandem.protocol.grpc.SubscribeRequest;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;

/**
 * The KvStore methods whose block data is received without a copy: the same names and wire
 * format as the generated descriptors, with {@link ReceivedFrame} on the receiving side — Put on
 * the server, Get and Subscribe on the client.
 */
public final class ZeroCopyMethods {

    /** Put as the store receives it. */
    public static final MethodDescriptor<ReceivedFrame<PutFrame>, PutResult> SERVER_PUT =
            KvStoreGrpc.getPutMethod().toBuilder(
                    new FrameMarshaller<>(PutFrame.getDefaultInstance(), PutFrame.parser(), f -> f.hasChunk()
                            ? new FrameMarshaller.ChunkFields(f.getChunk().getSlot(), f.getChunk().getOffset(), f.getChunk().getData())
                            : null),
                    ProtoUtils.marshaller(PutResult.getDefaultInstance())).build();

    private static final FrameMarshaller<GetFrame> GET_FRAMES = new FrameMarshaller<>(GetFrame.getDefaultInstance(),
            GetFrame.parser(), f -> f.hasChunk()
            ? new FrameMarshaller.ChunkFields(f.getChunk().getSlot(), f.getChunk().getOffset(), f.getChunk().getData())
            : null);

    /** Get as a reader receives it. */
    public static final MethodDescriptor<GetRequest, ReceivedFrame<GetFrame>> CLIENT_GET =
            KvStoreGrpc.getGetMethod().toBuilder(ProtoUtils.marshaller(GetRequest.getDefaultInstance()), GET_FRAMES).build();

    /** Subscribe as a reader receives it. */
    public static final MethodDescriptor<SubscribeRequest, ReceivedFrame<GetFrame>> CLIENT_SUBSCRIBE =
            KvStoreGrpc.getSubscribeMethod().toBuilder(ProtoUtils.marshaller(SubscribeRequest.getDefaultInstance()), GET_FRAMES)
                    .build();

    private ZeroCopyMethods() {
    }
}
