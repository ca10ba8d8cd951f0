package dev.portal.shared.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.portal.shared.http.JsonOut;
import dev.portal.shared.http.JsonView;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One invalid field of a request: {@code field} is a JSON path such as {@code subject} or {@code
 * lines[2].quantity}. Always written, even empty (a body's key may be ""): serde's default leaves
 * empty strings out.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FieldError(String field, String message) implements JsonView {
  @Override
  public void writeJson(JsonOut out) {
    out.object().field("field", field).field("message", message).end();
  }
}
