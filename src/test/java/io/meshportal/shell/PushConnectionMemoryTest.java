package io.meshportal.shell;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.meshportal.support.BrowserTest;
import io.meshportal.support.Chromium;
import io.meshportal.support.Credentials;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.atmosphere.cpr.ApplicationConfig;
import org.atmosphere.cpr.AtmosphereFramework;
import org.atmosphere.util.ExecutorsFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The push sockets' small buffers are in force in the running server, and push still reaches a real browser
 * through them, second after second.
 */
class PushConnectionMemoryTest extends BrowserTest {

    @Autowired
    ServletContext context;

    @Test
    void smallSocketBuffersAndLivePush() throws Exception {
        Page page = chromium.newPage();
        Chromium.signIn(page, base(), "office", Credentials.password("office"));
        Locator chart = page.locator(".live-chart").first();
        assertThat(chart).hasAttribute("data-points", java.util.regex.Pattern.compile("[1-9]\\d*"));
        // five pushed points in a row arrive over the socket the settings below apply to
        for (int i = 0; i < 5; i++) {
            String last = chart.getAttribute("data-last-time");
            page.waitForFunction(
                    "t => document.querySelector('.live-chart').dataset.lastTime !== t",
                    last,
                    new Page.WaitForFunctionOptions().setTimeout(10_000));
        }

        ServerContainer container = (ServerContainer) context.getAttribute(ServerContainer.class.getName());
        assertThat(container.getDefaultMaxTextMessageBufferSize()).isEqualTo(PushConnectionMemory.IDLE_BUFFER);
        assertThat(container.getDefaultMaxBinaryMessageBufferSize()).isEqualTo(PushConnectionMemory.IDLE_BUFFER);
        // read by Tomcat when its WebSocket classes loaded: the property must have been set before that
        var tomcatConstants = Class.forName("org.apache.tomcat.websocket.Constants");
        var field = tomcatConstants.getDeclaredField("DEFAULT_BUFFER_SIZE");
        field.setAccessible(true);
        assertThat(field.getInt(null)).isEqualTo(PushConnectionMemory.FRAME_BUFFER);

        List<AtmosphereFramework> frameworks = Collections.list(context.getAttributeNames()).stream()
                .map(context::getAttribute)
                .filter(AtmosphereFramework.class::isInstance)
                .map(AtmosphereFramework.class::cast)
                .toList();
        assertThat(frameworks).isNotEmpty();
        for (AtmosphereFramework atmosphere : frameworks) {
            assertThat(atmosphere.getAtmosphereConfig().getInitParameter(ApplicationConfig.WEBSOCKET_BUFFER_SIZE))
                    .isEqualTo(String.valueOf(PushConnectionMemory.IDLE_BUFFER));
            assertThat(atmosphere.getAtmosphereConfig().properties().get(ExecutorsFactory.SCHEDULER_THREAD_POOL))
                    .isInstanceOfSatisfying(
                            ScheduledThreadPoolExecutor.class, timers -> assertThat(timers.getRemoveOnCancelPolicy())
                                    .isTrue());
        }
    }
}
