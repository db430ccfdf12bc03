package io.marketprism.service;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Keeps secrets out of everything the service shows: URL user info and credential-like query parameters. */
public final class Redaction {
    private static final Pattern USER_INFO = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@?#]*@");
    private static final Pattern PARAM = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

    private Redaction() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceFirst("$1***@");
        Matcher m = PARAM.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(2).toLowerCase(Locale.ROOT);
            boolean secret = name.contains("key") || name.contains("secret") || name.contains("sign")
                    || name.contains("token") || name.contains("pass") || name.contains("auth");
            m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + m.group(2) + "="
                    + (secret ? "***" : m.group(3))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
