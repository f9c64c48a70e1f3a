package dev.tandem.protocol.kv.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StorkReplicasTest {

    @Test
    void aStaticListIsDiscoveredThroughStorkInStableOrder() {
        ReplicaSource source = StorkReplicas.staticList("kv-store-test", "127.0.0.1:9102, 127.0.0.1:9101");
        assertEquals(List.of(new Replica("127.0.0.1", 9101), new Replica("127.0.0.1", 9102)), source.replicas());
    }

    @Test
    void anUnknownServiceIsAClearError() {
        StorkReplicas.staticList("kv-store-other", "127.0.0.1:9101");
        var e = assertThrows(KvStoreException.class, () -> new StorkReplicas("kv-store-missing").replicas());
        assertEquals(KvStoreException.Kind.UNAVAILABLE, e.kind());
    }

    @Test
    void staticAddressListsParse() {
        assertEquals(List.of(new Replica("a", 1), new Replica("b", 2)), StaticReplicas.parse("a:1,b:2").replicas());
        assertThrows(IllegalArgumentException.class, () -> Replica.parse("nohost"));
        assertThrows(IllegalArgumentException.class, () -> Replica.parse("h:99999"));
    }
}
