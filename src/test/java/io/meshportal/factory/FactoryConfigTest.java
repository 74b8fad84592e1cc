package io.meshportal.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FactoryConfigTest {

    @Test
    void environmentThenArguments() {
        FactoryConfig c = FactoryConfig.from(
                Map.of(
                        "FACTORY_ID",
                        "oslo-1",
                        "FACTORY_COUNTRY",
                        "NO",
                        "FACTORY_PRODUCTS",
                        "bench:oak:12:90:2",
                        "FACTORY_PORT",
                        "9000",
                        "PATH",
                        "/bin"),
                new String[] {"--name=Oslo Works", "--port=9001"});
        assertThat(c.spec().id()).isEqualTo("oslo-1");
        assertThat(c.spec().name()).isEqualTo("Oslo Works");
        assertThat(c.spec().country()).isEqualTo("NO");
        assertThat(c.spec().lines()).singleElement().satisfies(l -> {
            assertThat(l.product()).isEqualTo("bench");
            assertThat(l.material()).isEqualTo("oak");
            assertThat(l.stations()).isEqualTo(2);
        });
        assertThat(c.port()).isEqualTo(9001);
        assertThat(c.faultControl()).isFalse();
    }

    @Test
    void badSettingsSayWhatIsWrong() {
        assertThatThrownBy(() -> FactoryConfig.from(Map.of(), new String[0])).hasMessageContaining("--id");
        assertThatThrownBy(() -> FactoryConfig.from(Map.of("FACTORY_ID", "a", "FACTORY_PORT", "http"), new String[0]))
                .hasMessageContaining("port");
        assertThatThrownBy(() ->
                        FactoryConfig.from(Map.of("FACTORY_ID", "a", "FACTORY_PRODUCTS", "chair:wood"), new String[0]))
                .hasMessageContaining("product:material");
        assertThatThrownBy(() -> FactoryConfig.from(Map.of(), new String[] {"id=a"}))
                .hasMessageContaining("--name=value");
    }
}
