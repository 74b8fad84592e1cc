# Factory service image: the factory main from the MeshPortal jar, on a JRE 21, as a non-root user.
# Build from the repository root:  docker build -f docker/factory.Dockerfile -t meshportal/factory:dev .
FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q -DskipTests package \
 && java -Djarmode=tools -jar target/meshportal-*.jar extract --destination /out

FROM eclipse-temurin:21-jre
RUN groupadd --system --gid 10001 factory && useradd --system --uid 10001 --gid factory factory
WORKDIR /app
COPY --from=build /out/ /app/
RUN ln -s /app/meshportal-*.jar /app/meshportal.jar
USER 10001
ENV FACTORY_PORT=8080 \
    JAVA_TOOL_OPTIONS="-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl/wget
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/${FACTORY_PORT} && printf "GET /healthz HTTP/1.0\r\n\r\n" >&3 && grep -q UP <&3'
ENTRYPOINT ["java", "-cp", "/app/meshportal.jar", "io.meshportal.factory.FactoryMain"]
