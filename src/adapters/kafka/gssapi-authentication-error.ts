// The error a GSSAPI login throws when Kerberos, not the broker, refuses it: an unreadable
// keytab, a keytab for another principal, or the KDC's refusal. It is kafkajs's SASL error class,
// so kafkajs neither retries it nor wraps it beyond recognition, and the Kafka error translation
// can show its message: the principal and the Kerberos reason, never a key.
import kafkajs from "kafkajs";

// kafkajs declares its SASL error's constructor without the message it takes.
const KafkaJSSASLAuthenticationError = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (
  message: string,
) => InstanceType<typeof kafkajs.KafkaJSSASLAuthenticationError>;

export class GssapiAuthenticationError extends KafkaJSSASLAuthenticationError {
  override readonly name = "GssapiAuthenticationError";
  readonly principal: string;
  /** `GSSAPI login as "link@EXAMPLE.COM" failed while getting a ticket: <Kerberos reason>`. */
  readonly detail: string;
  /**
   * Whether no KDC of the realm answered, so the credential was never judged: worth retrying.
   * The `kerberos` addon hands over MIT's reasons as text only; this is KRB5_KDC_UNREACH's.
   */
  readonly isKdcUnreachable: boolean;

  constructor({
    principal,
    host,
    step,
    reason,
  }: {
    principal: string;
    host: string;
    /** What the login was doing, e.g. `getting a ticket`. */
    step: string;
    reason: string;
  }) {
    const detail = `GSSAPI login as "${principal}" failed while ${step}: ${reason}`;
    super(`Cannot authenticate to ${host}: ${detail}`);
    this.principal = principal;
    this.detail = detail;
    this.isKdcUnreachable = reason.includes("Cannot contact any KDC");
  }
}
