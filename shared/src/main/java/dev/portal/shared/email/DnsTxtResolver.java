package dev.portal.shared.email;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;

/**
 * TXT records through the JDK's own DNS client (JNDI {@code dns:}), with the system's resolvers and
 * short timeouts.
 */
public final class DnsTxtResolver implements TxtResolver {
  @Override
  public List<String> txt(String name) {
    Hashtable<String, String> env = new Hashtable<>();
    env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
    env.put("com.sun.jndi.dns.timeout.initial", "1000");
    env.put("com.sun.jndi.dns.timeout.retries", "2");
    List<String> out = new ArrayList<>();
    try {
      InitialDirContext ctx = new InitialDirContext(env);
      try {
        Attribute a = ctx.getAttributes(name, new String[] {"TXT"}).get("TXT");
        if (a == null) return out;
        NamingEnumeration<?> values = a.getAll();
        while (values.hasMore() && out.size() < 50) out.add(unquote(String.valueOf(values.next())));
      } finally {
        ctx.close();
      }
    } catch (NameNotFoundException none) {
      return out;
    } catch (NamingException e) {
      throw new IllegalStateException("DNS look-up of " + name + " failed: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * JNDI gives a TXT record's strings quoted and space-separated: {@code "a" "b"} is the one value
   * {@code ab}.
   */
  static String unquote(String raw) {
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') quoted = !quoted;
      else if (quoted || c != ' ') b.append(c);
    }
    return b.toString();
  }
}
