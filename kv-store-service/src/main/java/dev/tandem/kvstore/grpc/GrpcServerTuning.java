package dev.tandem.kvstore.grpc;

import dev.tandem.kvstore.config.KvStoreConfig;
import io.quarkus.grpc.api.ServerBuilderCustomizer;
import io.quarkus.grpc.runtime.config.GrpcServerConfiguration;
import io.vertx.grpc.VertxServerBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sizes the gRPC server's HTTP/2 receive window for block streams: with the 64 KiB default a put
 * waits for a window update every 64 KiB, and loopback throughput is bound by wake-up latency
 * rather than by copying.
 */
@ApplicationScoped
public class GrpcServerTuning implements ServerBuilderCustomizer<VertxServerBuilder> {

    private final KvStoreConfig config;

    public GrpcServerTuning(KvStoreConfig config) {
        this.config = config;
    }

    @Override
    public void customize(GrpcServerConfiguration serverConfig, VertxServerBuilder builder) {
        int window = (int) config.transfer().flowControlWindow().asLongValue();
        builder.nettyBuilder().flowControlWindow(window);
        org.jboss.logging.Logger.getLogger(GrpcServerTuning.class).debugf("gRPC flow-control window %d", window);
    }
}
