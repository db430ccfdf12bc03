# MarketPrism collector image: `docker build -t marketprism .` from the repository root.
# One image, every command: the default is `collect`; `docker run marketprism store --nats ... --clickhouse ...`.

# ---- build: the Maven wrapper builds the shaded jar (app/target/marketprism.jar, finalName in app/pom.xml) ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first: the dependency layer is rebuilt only when a pom changes (bench/pom.xml: the reactor lists it)
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY app/pom.xml app/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN ./mvnw -B -q -pl app -am dependency:go-offline
COPY app/src/main/ app/src/main/
RUN ./mvnw -B -q -DskipTests -pl app -am package
# the HEALTHCHECK client: a plain class, so the runtime image needs neither curl nor wget
COPY deploy/docker/HealthCheck.java deploy/docker/HealthCheck.java
RUN javac --release 17 -d /src/healthcheck deploy/docker/HealthCheck.java

# ---- runtime: JRE only, non-root ----
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 marketprism \
 && useradd --system --uid 10001 --gid marketprism --home-dir /app --no-create-home --shell /usr/sbin/nologin marketprism \
 && mkdir -p /app/config /data \
 && chown marketprism:marketprism /data
WORKDIR /app
COPY --from=build /src/app/target/marketprism.jar /app/marketprism.jar
COPY --from=build /src/healthcheck/ /app/healthcheck/
COPY config/marketprism.yaml /app/config/marketprism.yaml

# Everything written lives under /data (the volume): the embedded DuckDB file (default sink) and the spool.
# Overrides use the configuration's own environment names (config/ConfigLoader.java); compose replaces the sinks.
ENV MARKETPRISM_CONFIG=/app/config/marketprism.yaml \
    MARKETPRISM_SINKS=duckdb:/data/marketprism.duckdb \
    MARKETPRISM_SPOOL__DIR=/data/spool \
    API_PORT=8084
VOLUME ["/data"]
EXPOSE 8084
USER marketprism:marketprism

# /health answers 200 while data is fresh and sinks keep up, 503 otherwise (60 s start-up grace in the config).
# `store` has no HTTP server: compose disables this check for it.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", "/app/healthcheck", "HealthCheck", "http://127.0.0.1:8084/health"]

# MaxRAMPercentage: the heap follows the container's memory limit; ExitOnOutOfMemoryError: let the orchestrator
# restart a broken JVM instead of limping on.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-jar", "/app/marketprism.jar"]
CMD ["collect"]
