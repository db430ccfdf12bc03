package io.marketprism.book;

class ReferenceOrderBookTest extends OrderBookContract {
    @Override
    OrderBook newBook() {
        return new ReferenceOrderBook();
    }

    @Override
    void checkInternal(OrderBook book) {
        ((ReferenceOrderBook) book).checkInvariants();
    }
}
