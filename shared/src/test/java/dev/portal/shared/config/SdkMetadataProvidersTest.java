package dev.portal.shared.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.GeneratedRegionMetadataProvider;
import software.amazon.awssdk.regions.GeneratedServiceMetadataProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.regions.RegionMetadataProvider;
import software.amazon.awssdk.regions.ServiceMetadata;
import software.amazon.awssdk.regions.ServiceMetadataProvider;

/**
 * shared's lazy stand-ins for the SDK's two generated metadata providers (the function jars carry
 * them instead of the SDK's: scripts/sdk_metadata_providers.py) answer exactly as the SDK's do, for
 * every entry the SDK has and for none it lacks. Fails when the SDK version changes what its
 * providers hold: rerun the script then.
 */
class SdkMetadataProvidersTest {
  private static final String SERVICES =
      "software.amazon.awssdk.regions.GeneratedServiceMetadataProvider";
  private static final String REGIONS =
      "software.amazon.awssdk.regions.GeneratedRegionMetadataProvider";
  private static final Path SOURCES = Path.of("src/main/java/software/amazon/awssdk/regions");

  /**
   * Defines the SDK's own two provider classes from the regions jar; everything else comes from the
   * test's class path, where shared's stand-ins shadow the SDK's under the same names.
   */
  private static final class SdkProviders extends ClassLoader {
    private final URI jar;

    SdkProviders() {
      super(SdkMetadataProvidersTest.class.getClassLoader());
      try {
        jar = ServiceMetadata.class.getProtectionDomain().getCodeSource().getLocation().toURI();
      } catch (java.net.URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.equals(SERVICES) && !name.equals(REGIONS)) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded != null) return loaded;
        String entry = name.replace('.', '/') + ".class";
        try (InputStream in = URI.create("jar:" + jar + "!/" + entry).toURL().openStream()) {
          byte[] bytes = in.readAllBytes();
          return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    Object provider(String name) throws ReflectiveOperationException {
      return loadClass(name).getConstructor().newInstance();
    }

    Map<?, ?> entries(String name, String field) throws ReflectiveOperationException {
      Field map = loadClass(name).getDeclaredField(field);
      map.setAccessible(true);
      return (Map<?, ?>) map.get(null);
    }
  }

  private static final SdkProviders SDK = new SdkProviders();

  private static Class<?> type(Object metadata) {
    return metadata == null ? null : metadata.getClass();
  }

  private static Set<String> cases(String file) throws IOException {
    Matcher m =
        Pattern.compile("case \"([^\"]+)\"").matcher(Files.readString(SOURCES.resolve(file)));
    Set<String> keys = new TreeSet<>();
    while (m.find()) keys.add(m.group(1));
    return keys;
  }

  @Test
  void theStandInsAreWhatThisClassPathLoadsAndNotTheSdks() throws Exception {
    assertNotEquals(
        SDK.jar,
        GeneratedServiceMetadataProvider.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation()
            .toURI());
    // The SDK's builds its map up front; the stand-in keeps none.
    assertFalse(
        java.util.Arrays.stream(GeneratedServiceMetadataProvider.class.getDeclaredFields())
            .anyMatch(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers())));
    assertTrue(
        java.util.Arrays.stream(SDK.loadClass(SERVICES).getDeclaredFields())
            .anyMatch(f -> java.lang.reflect.Modifier.isStatic(f.getModifiers())));
  }

  @Test
  void everyServiceTheSdkKnowsGivesTheSameMetadataAndNoOther() throws Exception {
    Map<?, ?> sdkEntries = SDK.entries(SERVICES, "SERVICE_METADATA");
    ServiceMetadataProvider sdk = (ServiceMetadataProvider) SDK.provider(SERVICES);
    ServiceMetadataProvider ours = new GeneratedServiceMetadataProvider();
    for (Object prefix : sdkEntries.keySet()) {
      ServiceMetadata expected = sdk.serviceMetadata((String) prefix);
      ServiceMetadata actual = ours.serviceMetadata((String) prefix);
      assertEquals(type(expected), type(actual), (String) prefix);
      assertEquals(expected.regions(), actual.regions(), (String) prefix);
    }
    assertEquals(
        new TreeSet<>(sdkEntries.keySet().stream().map(String.class::cast).toList()),
        cases("GeneratedServiceMetadataProvider.java"));
    assertNull(sdk.serviceMetadata(null));
    assertNull(ours.serviceMetadata(null));
  }

  @Property(tries = 300)
  void anyOtherPrefixHasNoMetadataInEither(@ForAll String prefix) throws Exception {
    ServiceMetadataProvider sdk = (ServiceMetadataProvider) SDK.provider(SERVICES);
    ServiceMetadata expected = sdk.serviceMetadata(prefix);
    ServiceMetadata actual = new GeneratedServiceMetadataProvider().serviceMetadata(prefix);
    assertEquals(
        expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass());
  }

  @Test
  void everyRegionGivesTheSameMetadataAsTheSdks() throws Exception {
    Map<?, ?> sdkEntries = SDK.entries(REGIONS, "REGION_METADATA");
    RegionMetadataProvider sdk = (RegionMetadataProvider) SDK.provider(REGIONS);
    RegionMetadataProvider ours = new GeneratedRegionMetadataProvider();
    Set<Region> regions = new java.util.HashSet<>(Region.regions());
    sdkEntries.keySet().forEach(r -> regions.add((Region) r));
    regions.add(Region.of("xx-nowhere-1"));
    for (Region region : regions) {
      RegionMetadata expected = sdk.regionMetadata(region);
      RegionMetadata actual = ours.regionMetadata(region);
      assertEquals(type(expected), type(actual), region.id());
      if (expected != null) assertEquals(expected.description(), actual.description(), region.id());
    }
    assertEquals(
        sdkEntries.keySet().stream()
            .map(r -> ((Region) r).id())
            .collect(Collectors.toCollection(TreeSet::new)),
        cases("GeneratedRegionMetadataProvider.java"));
  }
}
