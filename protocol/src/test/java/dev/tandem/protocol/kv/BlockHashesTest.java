package dev.tandem.protocol.kv;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockHashesTest {

    private static final Hash128 FP = Hash128.ofHex("00112233445566778899aabbccddeeff");

    @Test
    void eachHashIsTheFirst16BytesOfSha256OfThePreviousHashAndTheLittleEndianTokens() throws Exception {
        int[] tokens = {1, 2, 3, 4, 256, 65536, -1, 7};
        BlockKey[] keys = BlockHashes.chain(FP, tokens, 4);
        assertEquals(2, keys.length);
        Hash128 previous = FP;
        for (int b = 0; b < 2; b++) {
            ByteBuffer buf = ByteBuffer.allocate(16 + 16).order(ByteOrder.LITTLE_ENDIAN);
            buf.put(previous.toBytes());
            for (int i = 0; i < 4; i++) {
                buf.putInt(tokens[b * 4 + i]);
            }
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(buf.array());
            Hash128 expected = Hash128.of(Arrays.copyOf(digest, 16));
            assertEquals(new BlockKey(FP, expected), keys[b]);
            previous = expected;
        }
    }

    @Test
    void onlyFullBlocksHaveKeysAndSharedPrefixesShareThem() {
        int[] a = {5, 6, 7, 8, 9, 10, 11, 12, 13};
        int[] b = {5, 6, 7, 8, 9, 10, 11, 99, 13, 14, 15, 16};
        BlockKey[] ka = BlockHashes.chain(FP, a, 4);
        BlockKey[] kb = BlockHashes.chain(FP, b, 4);
        assertEquals(2, ka.length, "the partial third block has no key");
        assertEquals(3, kb.length);
        assertEquals(ka[0], kb[0]);
        assertNotEquals(ka[1], kb[1], "one different token changes the block");
        assertNotEquals(BlockHashes.chain(Hash128.ofHex("ff".repeat(16)), a, 4)[0], ka[0], "fingerprint matters");
    }

    @Test
    void nextExtendsTheChainTheSameWay() {
        int[] tokens = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        BlockKey[] keys = BlockHashes.chain(FP, tokens, 4);
        assertEquals(keys[1].hash(), BlockHashes.next(keys[0].hash(), tokens, 4, 8));
        Hash128 tail = BlockHashes.next(keys[1].hash(), tokens, 8, 10);
        assertNotEquals(keys[1].hash(), tail);
    }

    @Test
    void hashesRoundTripThroughBytesAndHex() {
        Hash128 h = new Hash128(0x0123456789abcdefL, 0xfedcba9876543210L);
        assertEquals(h, Hash128.of(h.toBytes()));
        assertEquals(h, Hash128.ofHex(h.toHex()));
        assertEquals("0123456789abcdeffedcba9876543210", h.toHex());
        assertThrows(IllegalArgumentException.class, () -> Hash128.of(new byte[15]));
        assertThrows(IllegalArgumentException.class, () -> BlockHashes.chain(FP, new int[4], 0));
    }

    @Test
    void layoutSaysWhereEachLayersKeysAndValuesAre() {
        KvLayout layout = new KvLayout(KvDType.BF16, 3, 8, 128, 16);
        assertEquals(16 * 8 * 128 * 2, layout.planeBytes());
        assertEquals(3 * 2 * layout.planeBytes(), layout.blockBytes());
        assertEquals(2L * layout.planeBytes(), layout.keyOffset(1));
        assertEquals(3L * layout.planeBytes(), layout.valueOffset(1));
        var e = assertThrows(IllegalArgumentException.class, () -> new KvLayout(KvDType.F32, 0, 8, 128, 16));
        assertEquals("layers must be positive, got 0", e.getMessage());
        assertEquals(layout, KvWire.fromProto(KvWire.toProto(layout)));
        BlockKey key = new BlockKey(FP, Hash128.ofHex("aa".repeat(16)));
        assertEquals(key, KvWire.fromProto(KvWire.toProto(key)));
        assertArrayEquals(key.hash().toBytes(), KvWire.toProto(key).getHash().toByteArray());
    }

    @Test
    void promptKeysAreTheChainThenThePartialLastBlock() {
        int[] tokens = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        var keys = BlockHashes.promptKeys(FP, tokens, 4);
        BlockKey[] full = BlockHashes.chain(FP, tokens, 4);
        assertEquals(3, keys.size());
        assertEquals(full[0], keys.get(0));
        assertEquals(full[1], keys.get(1));
        assertEquals(new BlockKey(FP, BlockHashes.next(full[1].hash(), tokens, 8, 10)), keys.get(2));
        assertEquals(java.util.List.of(full), BlockHashes.promptKeys(FP, java.util.Arrays.copyOf(tokens, 8), 4));
        assertEquals(new BlockKey(FP, BlockHashes.next(FP, tokens, 0, 3)), BlockHashes.promptKeys(FP, java.util.Arrays.copyOf(tokens, 3), 4).getFirst());
    }
}
