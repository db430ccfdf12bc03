package io.marketprism.connect;

import io.marketprism.venue.Frame;
import io.marketprism.venue.FrameKind;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Collects every frame a session hands on. */
final class FrameLog implements Consumer<Frame> {
    final List<Frame> frames = new CopyOnWriteArrayList<>();

    @Override
    public void accept(Frame f) {
        frames.add(f);
    }

    List<Frame> of(FrameKind kind) {
        return frames.stream().filter(f -> f.kind() == kind).collect(Collectors.toList());
    }

    List<String> texts(FrameKind kind) {
        return of(kind).stream().map(Frame::text).collect(Collectors.toList());
    }
}
