package dev.portal.shared.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser portal in template.yaml: a private bucket read by CloudFront through OAC, its headers
 * and CSP, CORS.
 */
class PortalSiteTemplateTest {
  private static Map<String, Object> resources;

  @BeforeAll
  static void read() throws IOException {
    resources = map(CloudFormationYaml.read(CloudFormationYaml.templatePath()).get("Resources"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return (List<Object>) o;
  }

  private static Map<String, Object> props(String resource) {
    return map(map(resources.get(resource)).get("Properties"));
  }

  @Test
  void theBucketIsPrivateAndOnlyTheDistributionReadsItThroughOriginAccessControl() {
    Map<String, Object> block =
        map(props("PortalSiteBucket").get("PublicAccessBlockConfiguration"));
    assertEquals(
        Map.of(
            "BlockPublicAcls",
            true,
            "BlockPublicPolicy",
            true,
            "IgnorePublicAcls",
            true,
            "RestrictPublicBuckets",
            true),
        block);
    List<Object> statements =
        list(map(props("PortalSiteBucketPolicy").get("PolicyDocument")).get("Statement"));
    Map<String, Object> allow =
        statements.stream()
            .map(PortalSiteTemplateTest::map)
            .filter(s -> "Allow".equals(s.get("Effect")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        1,
        statements.stream()
            .map(PortalSiteTemplateTest::map)
            .filter(s -> "Allow".equals(s.get("Effect")))
            .count());
    assertEquals(Map.of("Service", "cloudfront.amazonaws.com"), allow.get("Principal"));
    assertEquals("s3:GetObject", allow.get("Action"));
    assertEquals(Map.of("Fn::Sub", "${PortalSiteBucket.Arn}/*"), allow.get("Resource"));
    String sourceArn =
        map(map(allow.get("Condition")).get("StringEquals")).get("AWS:SourceArn").toString();
    assertTrue(
        sourceArn.contains(":distribution/${PortalDistribution}"),
        "only this distribution: " + sourceArn);

    Map<String, Object> oac =
        map(props("PortalOriginAccessControl").get("OriginAccessControlConfig"));
    assertEquals("s3", oac.get("OriginAccessControlOriginType"));
    assertEquals("always", oac.get("SigningBehavior"));
    Map<String, Object> config = map(props("PortalDistribution").get("DistributionConfig"));
    Map<String, Object> origin = map(list(config.get("Origins")).getFirst());
    assertEquals(
        Map.of("Fn::GetAtt", List.of("PortalOriginAccessControl", "Id")),
        origin.get("OriginAccessControlId"));
    assertEquals(
        "",
        map(origin.get("S3OriginConfig")).get("OriginAccessIdentity"),
        "OAC, not the legacy OAI");
    assertEquals("index.html", config.get("DefaultRootObject"));
  }

  @Test
  void everyAnswerCarriesSecurityHeadersAndACspWithoutUnsafeInline() {
    Map<String, Object> behaviour =
        map(map(props("PortalDistribution").get("DistributionConfig")).get("DefaultCacheBehavior"));
    assertEquals("redirect-to-https", behaviour.get("ViewerProtocolPolicy"));
    assertEquals(Map.of("Ref", "PortalHeadersPolicy"), behaviour.get("ResponseHeadersPolicyId"));
    Map<String, Object> headers =
        map(
            map(props("PortalHeadersPolicy").get("ResponseHeadersPolicyConfig"))
                .get("SecurityHeadersConfig"));
    // !Sub [string, {FilesHosts: ...}]: the policy is the list's string.
    List<Object> sub =
        list(
            map(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"))
                .get("Fn::Sub"));
    String csp = sub.getFirst().toString();
    assertTrue(csp.contains("script-src 'self';"), csp);
    assertTrue(csp.contains("style-src 'self';"), csp);
    assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
    assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"), csp);
    assertEquals("DENY", map(headers.get("FrameOptions")).get("FrameOption"));
    assertTrue(
        headers.containsKey("ContentTypeOptions")
            && headers.containsKey("StrictTransportSecurity"));
  }

  @Test
  void thePortalMayConnectToTheRegionsS3WherePresignedLinksPoint() {
    Map<String, Object> headers =
        map(
            map(props("PortalHeadersPolicy").get("ResponseHeadersPolicyConfig"))
                .get("SecurityHeadersConfig"));
    List<Object> sub =
        list(
            map(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"))
                .get("Fn::Sub"));
    String csp = sub.getFirst().toString();
    String connect =
        csp.substring(csp.indexOf("connect-src"), csp.indexOf(';', csp.indexOf("connect-src")));
    assertTrue(connect.contains("${FilesHosts}"), connect);
    // The SDK presigns virtual-hosted names: <bucket>.s3.<region>.amazonaws.com, s3.amazonaws.com
    // in us-east-1.
    List<Object> hosts = list(map(map(sub.get(1)).get("FilesHosts")).get("Fn::If"));
    assertEquals("InUsEast1", hosts.get(0));
    assertEquals(Map.of("Fn::Sub", "https://*.s3.${AWS::URLSuffix}"), hosts.get(1));
    assertEquals(Map.of("Fn::Sub", "https://*.s3.${AWS::Region}.${AWS::URLSuffix}"), hosts.get(2));
  }

  @Test
  void thePortalMayConnectToTheIssuerItSignsInWith() {
    Map<String, Object> headers =
        map(
            map(props("PortalHeadersPolicy").get("ResponseHeadersPolicyConfig"))
                .get("SecurityHeadersConfig"));
    List<Object> sub =
        list(
            map(map(headers.get("ContentSecurityPolicy")).get("ContentSecurityPolicy"))
                .get("Fn::Sub"));
    String csp = sub.getFirst().toString();
    String connect =
        csp.substring(csp.indexOf("connect-src"), csp.indexOf(';', csp.indexOf("connect-src")));
    assertTrue(connect.contains("${IssuerHosts}"), connect);
    List<Object> hosts = list(map(map(sub.get(1)).get("IssuerHosts")).get("Fn::If"));
    assertEquals("UseCognito", hosts.get(0));
    // The pool's discovery document (cognito-idp) and the hosted UI's token endpoint (*.auth).
    assertEquals(
        Map.of(
            "Fn::Sub",
            "https://cognito-idp.${AWS::Region}.${AWS::URLSuffix}"
                + " https://*.auth.${AWS::Region}.amazoncognito.com"),
        hosts.get(1));
    // An external issuer: its scheme and host, the third part of its URL split at '/'.
    List<Object> external = list(map(hosts.get(2)).get("Fn::Sub"));
    assertEquals("https://${Host}", external.get(0));
    assertEquals(
        Map.of(
            "Fn::Select",
            List.of(2, Map.of("Fn::Split", List.of("/", Map.of("Fn::Sub", "${JwtIssuer}//x"))))),
        map(external.get(1)).get("Host"));
  }

  @Test
  void theFilesBucketTakesUploadsFromThePortalsAndDownloadsFromAnyOrigin() {
    List<Object> rules = list(map(props("FilesBucket").get("CorsConfiguration")).get("CorsRules"));
    assertEquals(2, rules.size(), rules::toString);
    Map<String, Object> get = map(rules.get(0));
    assertEquals(List.of("GET"), get.get("AllowedMethods"));
    assertEquals(List.of("*"), get.get("AllowedOrigins"));
    assertFalse(get.containsKey("AllowedHeaders"), "a download sends no header to allow");
    Map<String, Object> put = map(rules.get(1));
    assertEquals(List.of("PUT"), put.get("AllowedMethods"));
    assertEquals(List.of("content-type"), put.get("AllowedHeaders"));
    String origins = put.get("AllowedOrigins").toString();
    assertTrue(origins.contains("https://${PortalDistribution.DomainName}"), origins);
    assertTrue(origins.contains("{Ref=PortalOrigins}"), origins);
  }

  @Test
  void theApiAllowsTheStacksPortalAndThePortalOriginsParameter() {
    Object origins = map(props("PortalHttpApi").get("CorsConfiguration")).get("AllowOrigins");
    String text = origins.toString();
    assertTrue(text.contains("https://${PortalDistribution.DomainName}"), text);
    assertTrue(text.contains("{Ref=PortalOrigins}"), text);
  }
}
