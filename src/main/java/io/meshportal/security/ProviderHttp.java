package io.meshportal.security;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * HTTP to the identity provider with a deadline and a size bound on every call. Spring Security's own clients have
 * neither: a provider that accepts the connection and then hangs would hold a request thread for ever, and a
 * huge answer would be read whole into memory.
 */
final class ProviderHttp {

    /** Discovery documents, key sets and token answers are a few KiB; 256 KiB leaves room for large key sets. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private ProviderHttp() {}

    /** For the discovery document, the key set and user info: JSON, errors as OAuth 2.0 error answers. */
    static RestTemplate restTemplate(Duration timeout) {
        RestTemplate rest = new RestTemplate(factory(timeout));
        rest.setInterceptors(List.of(bounded()));
        rest.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        return rest;
    }

    /** For the token endpoint: the converters and error handling Spring Security's token client uses by default. */
    static RestClient tokenClient(Duration timeout) {
        return RestClient.builder()
                .requestFactory(factory(timeout))
                .requestInterceptor(bounded())
                .configureMessageConverters(converters -> converters
                        .addCustomConverter(new FormHttpMessageConverter())
                        .addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter()))
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build();
    }

    private static JdkClientHttpRequestFactory factory(Duration timeout) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(timeout);
        return factory;
    }

    private static ClientHttpRequestInterceptor bounded() {
        return (request, body, execution) -> new Bounded(execution.execute(request, body));
    }

    /** A response whose body fails once it grows past {@link #MAX_BODY_BYTES}. */
    private record Bounded(ClientHttpResponse response) implements ClientHttpResponse {

        @Override
        public HttpStatusCode getStatusCode() throws IOException {
            return response.getStatusCode();
        }

        @Override
        public String getStatusText() throws IOException {
            return response.getStatusText();
        }

        @Override
        public HttpHeaders getHeaders() {
            return response.getHeaders();
        }

        @Override
        public InputStream getBody() throws IOException {
            return new FilterInputStream(response.getBody()) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > MAX_BODY_BYTES) {
                        throw new IOException(
                                "The identity provider's answer is larger than " + MAX_BODY_BYTES / 1024 + " KiB");
                    }
                }
            };
        }

        @Override
        public void close() {
            response.close();
        }
    }
}
