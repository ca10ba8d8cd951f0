package dev.portal.shared.config;

import software.amazon.awssdk.services.ssm.SsmClient;

/** {@link SecureParameters} from SSM Parameter Store: one GetParameter with decryption per read. */
public final class SsmSecureParameters implements SecureParameters {
  private final SsmClient ssm;

  public SsmSecureParameters(SsmClient ssm) {
    this.ssm = ssm;
  }

  @Override
  public String read(String name) {
    return ssm.getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
  }
}
