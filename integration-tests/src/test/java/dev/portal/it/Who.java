package dev.portal.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A caller as API Gateway's JWT authorizer describes it: string claims, roles rendered as {@code [a
 * b]}.
 */
record Who(String tenant, String sub, String email, String clientId, List<String> roles) {

  static Who client(String tenant, String clientId, String email) {
    return new Who(tenant, "u-" + email, email, clientId, List.of("client"));
  }

  static Who clientAdmin(String tenant, String clientId, String email) {
    return new Who(tenant, "u-" + email, email, clientId, List.of("client_admin"));
  }

  static Who agent(String tenant) {
    return new Who(
        tenant, "u-agent-" + tenant, "agent@" + tenant + ".example", null, List.of("agent"));
  }

  static Who agent(String tenant, String name) {
    return new Who(tenant, "u-" + name, name + "@" + tenant + ".example", null, List.of("agent"));
  }

  static Who admin(String tenant) {
    return new Who(
        tenant, "u-admin-" + tenant, "admin@" + tenant + ".example", null, List.of("admin"));
  }

  /** A valid token that carries no role this API knows. */
  static Who roleless(String tenant) {
    return new Who(tenant, "u-guest", "guest@" + tenant + ".example", null, List.of("guest"));
  }

  Map<String, String> claims() {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("sub", sub);
    c.put("email", email);
    c.put("tenant_id", tenant);
    if (clientId != null) c.put("client_id", clientId);
    c.put("roles", "[" + String.join(" ", roles) + "]");
    c.put("iss", "https://issuer.example");
    return c;
  }
}
