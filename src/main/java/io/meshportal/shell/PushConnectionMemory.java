package io.meshportal.shell;

import com.vaadin.flow.server.ServiceInitEvent;
import com.vaadin.flow.server.VaadinServiceInitListener;
import com.vaadin.flow.server.VaadinServletService;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import java.util.Collections;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.atmosphere.cpr.ApplicationConfig;
import org.atmosphere.cpr.AtmosphereFramework;
import org.atmosphere.util.ExecutorsFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Every open screen holds one push WebSocket, and at defaults each held about 115 KiB of buffers — more than
 * a third of what a dashboard costs (heap dumps and JFR old-object samples of 200–1,000 dashboards; see
 * bench/RESULTS.md). The portal pushes with {@code WEBSOCKET_XHR} (the browser sends over HTTP, never over
 * the socket), so the receive buffers sit idle and the send buffers only need to hold a frame:
 *
 * <ul>
 *   <li>Atmosphere allocates a 16 Ki-char and a 16 KiB buffer per socket from
 *       {@code org.atmosphere.websocket.bufferSize} (Vaadin sets 16384) and never uses them except to clear
 *       them on close (atmosphere-runtime 3.0.x, {@code org.atmosphere.websocket.WebSocket}): 48 KiB → 0.4 KiB.
 *   <li>Tomcat sizes each socket's receive message buffers from the container defaults (8 Ki chars + 8 KiB)
 *       and grows them to the session's limit when a message arrives ({@code WsFrameBase#startNewMessage}), so
 *       small defaults cost nothing if a client does send: 24 KiB → 0.4 KiB.
 *   <li>Tomcat's WebSocket frame buffers ({@code org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE}, 3 × 8 KiB)
 *       and the connector's socket buffers (2 × 8 KiB) drop to 2 KiB, the size of a dashboard's push: a larger
 *       push goes out as continuation frames, which browsers reassemble; Tomcat writes larger responses past
 *       its buffer.
 *   <li>Atmosphere's heartbeat re-arms a 60-second timer at every push and cancels the previous one; cancelled
 *       timers stayed queued until they were due (some 50 per open screen at one push a second): they now
 *       leave the queue when cancelled.
 * </ul>
 */
@Component
class PushConnectionMemory
        implements VaadinServiceInitListener, WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final int FRAME_BUFFER = 2048;
    static final int IDLE_BUFFER = 128;
    static final String TOMCAT_WEBSOCKET_BUFFER = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // Read once when Tomcat's WebSocket classes load, which is after the web server factory is customised;
        // an operator's own -D setting wins.
        if (System.getProperty(TOMCAT_WEBSOCKET_BUFFER) == null) {
            System.setProperty(TOMCAT_WEBSOCKET_BUFFER, String.valueOf(FRAME_BUFFER));
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", String.valueOf(FRAME_BUFFER));
            connector.setProperty("socket.appWriteBufSize", String.valueOf(FRAME_BUFFER));
        });
    }

    @Override
    public void serviceInit(ServiceInitEvent event) {
        if (!(event.getSource() instanceof VaadinServletService service)) {
            return;
        }
        ServletContext context = service.getServlet().getServletContext();
        if (context.getAttribute(ServerContainer.class.getName()) instanceof ServerContainer container) {
            container.setDefaultMaxTextMessageBufferSize(IDLE_BUFFER);
            container.setDefaultMaxBinaryMessageBufferSize(IDLE_BUFFER);
        }
        // Vaadin creates the framework before the service and reads its parameters per new socket.
        for (String name : Collections.list(context.getAttributeNames())) {
            if (context.getAttribute(name) instanceof AtmosphereFramework atmosphere) {
                atmosphere.addInitParameter(ApplicationConfig.WEBSOCKET_BUFFER_SIZE, String.valueOf(IDLE_BUFFER));
                // the shared scheduler the heartbeat took at start (asking ExecutorsFactory could make another)
                if (atmosphere.getAtmosphereConfig().properties().get(ExecutorsFactory.SCHEDULER_THREAD_POOL)
                        instanceof ScheduledThreadPoolExecutor timers) {
                    timers.setRemoveOnCancelPolicy(true);
                }
            }
        }
    }
}
