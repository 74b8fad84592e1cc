package io.meshportal.fleet.local;

import io.meshportal.fleet.TrafficPort;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded default has no service mesh: factories talk plain HTTP on loopback. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meshportal.fleet.mode", havingValue = "local", matchIfMissing = true)
class NoMeshConfig {

    @Bean
    TrafficPort noMesh() {
        return TrafficPort.NONE;
    }
}
