# Portal image: the Spring Boot jar on a JRE 25 (the code targets Java 21), as a non-root user, SQLite under /data
# (mount a volume).
# Build from the repository root:  docker build -f docker/portal.Dockerfile -t meshportal/portal:dev .
FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/meshportal-*.jar extract --destination /out

FROM eclipse-temurin:25-jre
RUN groupadd --system --gid 10001 portal && useradd --system --uid 10001 --gid portal portal \
 && mkdir /data && chown portal:portal /data
WORKDIR /app
COPY --from=build /out/ /app/
RUN ln -s /app/meshportal-*.jar /app/meshportal.jar \
 && java -XX:AOTCacheOutput=/app/portal.aot -Dspring.context.exit=onRefresh --enable-native-access=ALL-UNNAMED \
      -jar /app/meshportal.jar --server.port=0 --meshportal.data.dir=/tmp/training \
 && rm -rf /tmp/training
# the ahead-of-time cache from that training run (JEP 483/514/515: classes loaded and linked, method profiles)
# cuts start-up (bench/RESULTS.md, cold start); the JVM must be the same one that made it, so it is made here
USER 10001
ENV MESHPORTAL_DATA_DIR=/data \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 --enable-native-access=ALL-UNNAMED"
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /actuator/health/liveness HTTP/1.0\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["java", "-XX:AOTCache=/app/portal.aot", "-Xlog:aot=off", "-jar", "/app/meshportal.jar"]
