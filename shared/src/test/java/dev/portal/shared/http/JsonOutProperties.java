package dev.portal.shared.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link JsonOut} against jackson-core's UTF-8 generator, which it replaced and whose bytes Serde
 * writes: any string (every char, lone and paired surrogates, control characters), any number of
 * the JDK types (non-finite ones too), nested maps and lists, as values and as keys.
 */
class JsonOutProperties {
  private static final JsonFactory FACTORY = new JsonFactory();

  static String byGenerator(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void write(JsonGenerator g, Object value) throws IOException {
    switch (value) {
      case null -> g.writeNull();
      case String s -> g.writeString(s);
      case Boolean b -> g.writeBoolean(b);
      case Integer i -> g.writeNumber(i);
      case Long l -> g.writeNumber(l);
      case Short s -> g.writeNumber(s);
      case Byte b -> g.writeNumber(b);
      case Double d -> g.writeNumber(d);
      case Float f -> g.writeNumber(f);
      case BigDecimal d -> g.writeNumber(d);
      case BigInteger i -> g.writeNumber(i);
      case Map<?, ?> m -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          g.writeFieldName((String) e.getKey());
          write(g, e.getValue());
        }
        g.writeEndObject();
      }
      case Collection<?> c -> {
        g.writeStartArray();
        for (Object item : c) write(g, item);
        g.writeEndArray();
      }
      default -> throw new IllegalArgumentException(value.getClass().getName());
    }
  }

  @Provide
  Arbitrary<String> strings() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings()
            .withChars("\"\\/\b\t\n\f\r\u0000\u001f\u007f\u0080\u2028\uD800\uDBFF\uDC00\uDFFFaé€")
            .ofMaxLength(20),
        Arbitraries.of("😀", "a😀b", "\uD83D", "x\uDE00", "\uDE00\uD83D"));
  }

  @Provide
  Arbitrary<Object> scalars() {
    return Arbitraries.oneOf(
        strings().map(s -> (Object) s),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.integers().map(i -> (Object) i),
        Arbitraries.shorts().map(s -> (Object) s),
        Arbitraries.bytes().map(b -> (Object) b),
        Arbitraries.doubles()
            .withSpecialValue(Double.NaN)
            .withSpecialValue(Double.POSITIVE_INFINITY)
            .withSpecialValue(Double.NEGATIVE_INFINITY)
            .withSpecialValue(-0.0)
            .withSpecialValue(1e20)
            .withSpecialValue(Double.MIN_VALUE)
            .map(d -> (Object) d),
        Arbitraries.floats().withSpecialValue(Float.NaN).map(f -> (Object) f),
        Arbitraries.bigDecimals().map(d -> (Object) d),
        Arbitraries.of(new BigDecimal("1E+3"), new BigDecimal("-0.000"), BigInteger.TWO.pow(90)),
        Arbitraries.of(true, false),
        Arbitraries.just(null));
  }

  @Provide
  Arbitrary<Object> values() {
    return Arbitraries.recursive(
        this::scalars,
        inner ->
            Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l)),
                Arbitraries.maps(strings(), inner)
                    .ofMaxSize(4)
                    .map(m -> (Object) new LinkedHashMap<>(m))),
        0,
        4);
  }

  @Property(tries = 2000)
  void writesAnyValueAsTheGeneratorDid(@ForAll("values") Object value) {
    assertEquals(byGenerator(value), JsonOut.write(value));
  }

  @Property(tries = 2000)
  void writesAnyStringAsTheGeneratorDid(@ForAll("strings") String s) {
    assertEquals(byGenerator(s), JsonOut.write(s));
    Map<String, Object> keyed = Map.of(s, List.of(s, s));
    assertEquals(byGenerator(keyed), JsonOut.write(keyed));
  }

  @Example
  void refusesNestingDeeperThanTheGeneratorsLimit() {
    Object deep = List.of();
    for (int i = 1; i < JsonOut.MAX_DEPTH; i++) deep = List.of(deep);
    assertEquals(byGenerator(deep), JsonOut.write(deep));
    Object deeper = List.of(deep);
    assertThrows(UncheckedIOException.class, () -> byGenerator(deeper));
    assertThrows(UncheckedIOException.class, () -> JsonOut.write(deeper));
  }
}
