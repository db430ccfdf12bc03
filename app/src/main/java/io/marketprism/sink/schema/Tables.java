package io.marketprism.sink.schema;

import io.marketprism.model.BookDelta;
import io.marketprism.model.BookLevel;
import io.marketprism.model.BookSnapshot;
import io.marketprism.model.EventIds;
import io.marketprism.model.Funding;
import io.marketprism.model.Liquidation;
import io.marketprism.model.LongShortRatio;
import io.marketprism.model.MarketRecord;
import io.marketprism.model.OpenInterest;
import io.marketprism.model.Quote;
import io.marketprism.model.RecordType;
import io.marketprism.model.Ticker;
import io.marketprism.model.Trade;
import io.marketprism.model.VolatilityIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The storage layout of every record type, defined once for all stores. Common columns first (stream, times,
 * identity), then the type's own. Decimals are stored as Decimal(38,18): venue values fit exactly; derived quotients
 * (inverse-contract sizes) are rounded half-even to 18 fractional digits, their raw quantity is stored beside them.
 */
public final class Tables {
    public static final int DECIMAL_PRECISION = 38;
    public static final int DECIMAL_SCALE = 18;

    private static final Map<RecordType, Table> TABLES = new EnumMap<>(RecordType.class);

    static {
        add(RecordType.TRADE, "trades", List.of(
                col("trade_id", ColumnType.STRING, r -> ((Trade) r).tradeId()),
                col("side", ColumnType.STRING, r -> ((Trade) r).side().id()),
                dec("price", r -> ((Trade) r).price()),
                ndec("size", r -> ((Trade) r).size()),
                dec("raw_size", r -> ((Trade) r).rawSize()),
                col("raw_size_unit", ColumnType.STRING, r -> ((Trade) r).rawSizeUnit().id()),
                col("sequence", ColumnType.NULLABLE_INT64, r -> ((Trade) r).sequence()),
                col("liquidation", ColumnType.BOOL, r -> ((Trade) r).liquidation())));
        add(RecordType.BOOK_SNAPSHOT, "book_snapshots", List.of(
                col("bid_prices", ColumnType.DECIMAL_ARRAY, r -> prices(((BookSnapshot) r).bids())),
                col("bid_sizes", ColumnType.DECIMAL_ARRAY, r -> sizes(((BookSnapshot) r).bids())),
                col("ask_prices", ColumnType.DECIMAL_ARRAY, r -> prices(((BookSnapshot) r).asks())),
                col("ask_sizes", ColumnType.DECIMAL_ARRAY, r -> sizes(((BookSnapshot) r).asks())),
                col("size_unit", ColumnType.STRING, r -> ((BookSnapshot) r).sizeUnit().id()),
                col("sequence", ColumnType.NULLABLE_INT64, r -> ((BookSnapshot) r).sequence()),
                col("checksum", ColumnType.NULLABLE_INT64, r -> ((BookSnapshot) r).checksum()),
                col("partial", ColumnType.BOOL, r -> ((BookSnapshot) r).partial())));
        add(RecordType.BOOK_DELTA, "book_deltas", List.of(
                col("bid_prices", ColumnType.DECIMAL_ARRAY, r -> prices(((BookDelta) r).bids())),
                col("bid_sizes", ColumnType.DECIMAL_ARRAY, r -> sizes(((BookDelta) r).bids())),
                col("ask_prices", ColumnType.DECIMAL_ARRAY, r -> prices(((BookDelta) r).asks())),
                col("ask_sizes", ColumnType.DECIMAL_ARRAY, r -> sizes(((BookDelta) r).asks())),
                col("size_unit", ColumnType.STRING, r -> ((BookDelta) r).sizeUnit().id()),
                col("first_sequence", ColumnType.NULLABLE_INT64, r -> ((BookDelta) r).firstSequence()),
                col("sequence", ColumnType.NULLABLE_INT64, r -> ((BookDelta) r).sequence()),
                col("prev_sequence", ColumnType.NULLABLE_INT64, r -> ((BookDelta) r).prevSequence()),
                col("checksum", ColumnType.NULLABLE_INT64, r -> ((BookDelta) r).checksum())));
        add(RecordType.QUOTE, "quotes", List.of(
                ndec("bid_price", r -> ((Quote) r).bidPrice()),
                ndec("bid_size", r -> ((Quote) r).bidSize()),
                ndec("ask_price", r -> ((Quote) r).askPrice()),
                ndec("ask_size", r -> ((Quote) r).askSize()),
                col("size_unit", ColumnType.STRING, r -> ((Quote) r).sizeUnit().id()),
                col("sequence", ColumnType.NULLABLE_INT64, r -> ((Quote) r).sequence())));
        add(RecordType.TICKER, "tickers", List.of(
                ndec("last", r -> ((Ticker) r).last()),
                ndec("open", r -> ((Ticker) r).open()),
                ndec("high", r -> ((Ticker) r).high()),
                ndec("low", r -> ((Ticker) r).low()),
                ndec("volume_base", r -> ((Ticker) r).volumeBase()),
                ndec("volume_quote", r -> ((Ticker) r).volumeQuote()),
                ndec("price_change_pct", r -> ((Ticker) r).priceChangePct()),
                ndec("best_bid", r -> ((Ticker) r).bestBid()),
                ndec("best_ask", r -> ((Ticker) r).bestAsk())));
        add(RecordType.FUNDING, "funding", List.of(
                ndec("funding_rate", r -> ((Funding) r).fundingRate()),
                ndec("predicted_rate", r -> ((Funding) r).predictedRate()),
                col("funding_time", ColumnType.NULLABLE_INT64, r -> ((Funding) r).fundingTime()),
                col("next_funding_time", ColumnType.NULLABLE_INT64, r -> ((Funding) r).nextFundingTime()),
                col("funding_interval_hours", ColumnType.NULLABLE_INT32, r -> ((Funding) r).fundingIntervalHours()),
                ndec("mark_price", r -> ((Funding) r).markPrice()),
                ndec("index_price", r -> ((Funding) r).indexPrice())));
        add(RecordType.OPEN_INTEREST, "open_interest", List.of(
                dec("open_interest", r -> ((OpenInterest) r).openInterest()),
                col("unit", ColumnType.STRING, r -> ((OpenInterest) r).unit().id()),
                ndec("open_interest_base", r -> ((OpenInterest) r).openInterestBase()),
                ndec("open_interest_usd", r -> ((OpenInterest) r).openInterestUsd())));
        add(RecordType.LIQUIDATION, "liquidations", List.of(
                col("side", ColumnType.STRING, r -> ((Liquidation) r).side().id()),
                dec("price", r -> ((Liquidation) r).price()),
                ndec("size", r -> ((Liquidation) r).size()),
                ndec("raw_size", r -> ((Liquidation) r).rawSize()),
                col("raw_size_unit", ColumnType.NULLABLE_STRING, r -> ((Liquidation) r).rawSizeUnit() == null ? null
                        : ((Liquidation) r).rawSizeUnit().id()),
                col("trade_id", ColumnType.NULLABLE_STRING, r -> ((Liquidation) r).tradeId())));
        add(RecordType.LONG_SHORT_RATIO, "long_short_ratios", List.of(
                col("kind", ColumnType.STRING, r -> ((LongShortRatio) r).kind().id()),
                col("period", ColumnType.STRING, r -> ((LongShortRatio) r).period()),
                ndec("ratio", r -> ((LongShortRatio) r).ratio()),
                ndec("long_share", r -> ((LongShortRatio) r).longShare()),
                ndec("short_share", r -> ((LongShortRatio) r).shortShare()),
                ndec("buy_volume", r -> ((LongShortRatio) r).buyVolume()),
                ndec("sell_volume", r -> ((LongShortRatio) r).sellVolume())));
        add(RecordType.VOLATILITY_INDEX, "volatility_index", List.of(
                dec("value", r -> ((VolatilityIndex) r).value()),
                ndec("open", r -> ((VolatilityIndex) r).open()),
                ndec("high", r -> ((VolatilityIndex) r).high()),
                ndec("low", r -> ((VolatilityIndex) r).low())));
    }

    private Tables() {
    }

    public static Table of(RecordType type) {
        return TABLES.get(type);
    }

    public static List<Table> all() {
        return List.copyOf(TABLES.values());
    }

    /**
     * A decimal as stored: scale 18, half-even (exact for every venue value; derived quotients are rounded). Column
     * values are the records' own decimals; the writers store them through {@link Decimal128}, which applies this.
     */
    public static BigDecimal stored(BigDecimal v) {
        return v == null ? null : v.setScale(DECIMAL_SCALE, RoundingMode.HALF_EVEN);
    }

    private static void add(RecordType type, String name, List<Column> own) {
        List<Column> cols = new ArrayList<>();
        cols.add(col("exchange", ColumnType.STRING, r -> r.exchange().id()));
        cols.add(col("market_type", ColumnType.STRING, r -> r.marketType().id()));
        cols.add(col("symbol", ColumnType.STRING, MarketRecord::symbol));
        cols.add(col("native_symbol", ColumnType.STRING, MarketRecord::nativeSymbol));
        cols.add(col("exchange_ts", ColumnType.INT64, MarketRecord::exchangeTs));
        cols.add(col("receive_ts", ColumnType.INT64, MarketRecord::receiveTs));
        cols.add(col("event_time", ColumnType.DATETIME, Tables::eventSeconds));
        cols.add(col("event_id", ColumnType.STRING, EventIds::of));
        cols.addAll(own);
        TABLES.put(type, new Table(name, type, cols,
                List.of("exchange", "native_symbol", "exchange_ts", "event_id")));
    }

    /** Exchange time in seconds, or the receive time when the venue sent none. */
    static long eventSeconds(MarketRecord r) {
        return r.exchangeTs() != 0 ? Math.floorDiv(r.exchangeTs(), 1_000_000L) : Math.floorDiv(r.receiveTs(),
                1_000_000_000L);
    }

    private static Column col(String name, ColumnType type, Function<MarketRecord, Object> f) {
        return new Column(name, type, f);
    }

    private static Column dec(String name, Function<MarketRecord, BigDecimal> f) {
        return new Column(name, ColumnType.DECIMAL, f::apply);
    }

    private static Column ndec(String name, Function<MarketRecord, BigDecimal> f) {
        return new Column(name, ColumnType.NULLABLE_DECIMAL, f::apply);
    }

    private static List<BigDecimal> prices(List<BookLevel> levels) {
        List<BigDecimal> out = new ArrayList<>(levels.size());
        levels.forEach(l -> out.add(l.price()));
        return Collections.unmodifiableList(out);
    }

    private static List<BigDecimal> sizes(List<BookLevel> levels) {
        List<BigDecimal> out = new ArrayList<>(levels.size());
        levels.forEach(l -> out.add(l.size()));
        return Collections.unmodifiableList(out);
    }
}
