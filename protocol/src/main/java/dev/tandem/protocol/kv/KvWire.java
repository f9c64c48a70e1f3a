package dev.tandem.protocol.kv;

import com.google.protobuf.ByteString;
import dev.tandem.protocol.grpc.KvDType;
import dev.tandem.protocol.grpc.RequestEntry;
import dev.tandem.protocol.grpc.TokenLogprob;

import java.util.ArrayList;
import java.util.List;

/** Converts the Java types of the KV protocol to and from their protobuf messages. */
public final class KvWire {

    private KvWire() {
    }

    public static dev.tandem.protocol.grpc.BlockKey toProto(BlockKey key) {
        return dev.tandem.protocol.grpc.BlockKey.newBuilder()
                .setFingerprint(ByteString.copyFrom(key.fingerprint().toBytes()))
                .setHash(ByteString.copyFrom(key.hash().toBytes()))
                .build();
    }

    public static BlockKey fromProto(dev.tandem.protocol.grpc.BlockKey key) {
        return new BlockKey(hash("fingerprint", key.getFingerprint()), hash("hash", key.getHash()));
    }

    public static dev.tandem.protocol.grpc.KvLayout toProto(KvLayout layout) {
        return dev.tandem.protocol.grpc.KvLayout.newBuilder()
                .setDtype(switch (layout.dtype()) {
                    case F32 -> KvDType.KV_DTYPE_F32;
                    case BF16 -> KvDType.KV_DTYPE_BF16;
                })
                .setLayers(layout.layers())
                .setKvHeads(layout.kvHeads())
                .setHeadDim(layout.headDim())
                .setBlockSize(layout.blockSize())
                .build();
    }

    public static KvLayout fromProto(dev.tandem.protocol.grpc.KvLayout layout) {
        dev.tandem.protocol.kv.KvDType dtype = switch (layout.getDtype()) {
            case KV_DTYPE_F32 -> dev.tandem.protocol.kv.KvDType.F32;
            case KV_DTYPE_BF16 -> dev.tandem.protocol.kv.KvDType.BF16;
            default -> throw new IllegalArgumentException("layout dtype must be f32 or bf16, got " + layout.getDtype());
        };
        return new KvLayout(dtype, layout.getLayers(), layout.getKvHeads(), layout.getHeadDim(), layout.getBlockSize());
    }

    public static RequestEntry toProto(PrefillResult result) {
        RequestEntry.Builder b = RequestEntry.newBuilder()
                .setRequestId(result.requestId())
                .setFirstToken(result.firstToken())
                .setFirstLogprob(result.firstLogprob());
        for (PrefillResult.TokenLogprob t : result.topLogprobs()) {
            b.addTopLogprobs(TokenLogprob.newBuilder().setToken(t.token()).setLogprob(t.logprob()));
        }
        for (BlockKey key : result.blocks()) {
            b.addBlocks(toProto(key));
        }
        return b.build();
    }

    public static PrefillResult fromProto(RequestEntry entry) {
        List<PrefillResult.TokenLogprob> top = new ArrayList<>(entry.getTopLogprobsCount());
        for (TokenLogprob t : entry.getTopLogprobsList()) {
            top.add(new PrefillResult.TokenLogprob(t.getToken(), t.getLogprob()));
        }
        List<BlockKey> blocks = new ArrayList<>(entry.getBlocksCount());
        for (dev.tandem.protocol.grpc.BlockKey key : entry.getBlocksList()) {
            blocks.add(fromProto(key));
        }
        return new PrefillResult(entry.getRequestId(), entry.getFirstToken(), entry.getFirstLogprob(), top, blocks);
    }

    private static Hash128 hash(String field, ByteString bytes) {
        if (bytes.size() != Hash128.BYTES) {
            throw new IllegalArgumentException("block key " + field + " must be 16 bytes, got " + bytes.size());
        }
        return Hash128.of(bytes.toByteArray());
    }
}
