/**
 * The ClickHouse store.
 *
 * <ul>
 *   <li>{@link io.marketprism.sink.clickhouse.ClickHouseSettings}: {@code clickhouse:http://HOST:PORT/DATABASE}, user
 *   and password from {@code CLICKHOUSE_USER}/{@code CLICKHOUSE_PASSWORD} or given explicitly.</li>
 *   <li>{@link io.marketprism.sink.clickhouse.ClickHouseHttp}: the HTTP interface (JDK client, credentials in
 *   headers).</li>
 *   <li>{@link io.marketprism.sink.clickhouse.ClickHouseSchema}: one ReplacingMergeTree table per record type, DDL by
 *   server version, versioned migrations in {@code schema_migrations}. De-duplication: ReplacingMergeTree on the event
 *   identity, read with {@code FINAL} ({@link io.marketprism.sink.clickhouse.ClickHouseQueries}).</li>
 *   <li>{@link io.marketprism.sink.clickhouse.ClickHouseSink}: the {@code BatchSink}; one RowBinary insert
 *   ({@link io.marketprism.sink.clickhouse.RowBinaryWriter}) per table per batch.</li>
 *   <li>{@link io.marketprism.sink.clickhouse.ColdTierMover}: closed daily partitions to a cold database or server,
 *   verified by counts, resumable from the {@code cold_tier_watermark} table.</li>
 * </ul>
 */
package io.marketprism.sink.clickhouse;
