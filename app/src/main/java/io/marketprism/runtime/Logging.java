package io.marketprism.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured log level and format (plain text or JSON lines) to Logback, once at start. */
public final class Logging {
    private Logging() {
    }

    public static void apply(String level, String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        if (!"json".equals(format) && root.getAppender("JSON") != null) {
            // back from JSON to the plain appender of logback.xml
            ctx.reset();
            try {
                new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
            } catch (ch.qos.logback.core.joran.spi.JoranException e) {
                throw new IllegalStateException("cannot restore the logging configuration", e);
            }
            root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        }
        root.setLevel(Level.toLevel(level, Level.INFO));
        if ("json".equals(format)) {
            JsonEncoder encoder = new JsonEncoder();
            encoder.setContext(ctx);
            encoder.start();
            ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
            appender.setContext(ctx);
            appender.setName("JSON");
            appender.setTarget("System.err");
            appender.setEncoder(encoder);
            appender.start();
            root.detachAndStopAllAppenders();
            root.addAppender(appender);
        }
    }
}
