package io.marketprism.emulate;

/**
 * Knobs of the synthetic market.
 *
 * @param seed                   every random choice derives from it (same seed, same market)
 * @param volatilityTicks        standard deviation of the target price's move per step, in ticks
 * @param depth                  levels kept per book side (the far tail is deleted explicitly, so the true book is
 *                               exactly what the venue has sent)
 * @param tradeProbability       chance of a taker trade per step
 * @param liquidationProbability chance that a trade is a liquidation (derivatives only)
 * @param truthUpdates           book updates kept in memory per instrument for {@link TruthLog#bookAt}
 * @param truthTrades            trades kept in memory per instrument (REST back-fill and ground truth)
 */
public record MarketParams(long seed, double volatilityTicks, int depth, double tradeProbability,
                           double liquidationProbability, int truthUpdates, int truthTrades) {
    public MarketParams {
        if (volatilityTicks < 0 || Double.isNaN(volatilityTicks)) {
            throw new IllegalArgumentException("volatility must be >= 0 ticks per step, was " + volatilityTicks);
        }
        if (depth < 10 || depth > 5000) {
            throw new IllegalArgumentException("book depth must be 10..5000 levels per side, was " + depth);
        }
        if (tradeProbability < 0 || tradeProbability > 1 || liquidationProbability < 0 || liquidationProbability > 1) {
            throw new IllegalArgumentException("probabilities must be within 0..1, were trade=" + tradeProbability
                    + " liquidation=" + liquidationProbability);
        }
        if (truthUpdates < 64 || truthTrades < 1) {
            throw new IllegalArgumentException("ground truth bounds must be >= 64 updates and >= 1 trade, were "
                    + truthUpdates + " / " + truthTrades);
        }
    }

    public static MarketParams defaults(long seed) {
        return new MarketParams(seed, 1.5, 200, 0.5, 0.05, 20_000, 20_000);
    }
}
