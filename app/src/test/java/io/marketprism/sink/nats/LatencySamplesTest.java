package io.marketprism.sink.nats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    @Test
    void keepsCountSumMaxAndRecentPercentiles() {
        LatencySamples s = new LatencySamples(100);
        assertThat(s.percentileNanos(0.99)).isZero();
        for (int i = 1; i <= 200; i++) {
            s.record(i);
        }
        assertThat(s.count()).isEqualTo(200);
        assertThat(s.sumNanos()).isEqualTo(200 * 201 / 2);
        assertThat(s.maxNanos()).isEqualTo(200);
        // the ring keeps the last 100 samples: 101..200
        assertThat(s.percentileNanos(0.0)).isEqualTo(101);
        assertThat(s.percentileNanos(0.5)).isEqualTo(150);
        assertThat(s.percentileNanos(0.99)).isEqualTo(199);
        assertThat(s.percentileNanos(1.0)).isEqualTo(200);
    }
}
