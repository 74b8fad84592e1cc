package io.meshportal.telemetry;

import io.meshportal.telemetry.rollup.RollupStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class HistoryConfig {

    @Bean
    RollupStore rollupStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new RollupStore(jdbc, tx);
    }
}
