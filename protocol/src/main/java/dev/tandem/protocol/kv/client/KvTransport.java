package dev.tandem.protocol.kv.client;

/** How block bytes travel between a client and the store. */
public enum KvTransport {
    /** gRPC streams over TCP: works everywhere. */
    GRPC,
    /**
     * The store's memory-mapped pool file, when the client shares the store's host; gRPC carries
     * only offsets and leases. A replica whose pool file the client cannot map is reached by gRPC.
     */
    SHM
}
