package dev.portal.shared.mail;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Ticket numbers that outbound mail puts in the subject as {@code [ACME-42]}, found again in replies. */
public final class TicketRefs {

    // The prefix is what tenants configure (letters and digits); mail clients may change its case.
    private static final Pattern IN_BRACKETS = Pattern.compile("\\[\\s*([A-Za-z0-9]+-[0-9]+)\\s*]");

    private TicketRefs() {}

    /** The first {@code [PREFIX-N]} in the subject, upper-cased: "[acme-42] Re: x" gives "ACME-42". */
    public static Optional<String> numberInSubject(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        Matcher m = IN_BRACKETS.matcher(subject);
        return m.find() ? Optional.of(m.group(1).toUpperCase(Locale.ROOT)) : Optional.empty();
    }
}
