package io.marketprism.book;

class FastOrderBookTest extends OrderBookContract {
    @Override
    OrderBook newBook() {
        return new FastOrderBook();
    }

    @Override
    void checkInternal(OrderBook book) {
        ((FastOrderBook) book).checkInvariants();
    }
}
