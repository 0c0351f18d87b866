/**
 * What one check of a server probes, as the domain stores it in its events and the probes read it.
 * A check is one of these kinds plus its timing; the host of TCP, ping and DNS checks is the server's own,
 * copied in when the check is defined, so a probe needs nothing else to run.
 */
export type CheckDefinition = TcpCheck | HttpCheck | PingCheck | DnsCheck | PushCheck;

export type CheckKind = CheckDefinition['kind'];

export interface TcpCheck {
  readonly kind: 'tcp';
  readonly host: string;
  /** 1..65535 */
  readonly port: number;
}

/** An inclusive range of HTTP statuses counted as up, such as 200..299. */
export interface StatusRange {
  readonly min: number;
  readonly max: number;
}

/** A value the JSON answer must hold at `path` (a dotted path such as `status.db` or `items.0.state`). */
export interface JsonExpectation {
  readonly path: string;
  /** Compared with the value at `path` as text (`String(value)`); absent: the path must merely exist. */
  readonly equals?: string;
}

export interface HttpCheck {
  readonly kind: 'http';
  /** An absolute http: or https: URL. */
  readonly url: string;
  readonly method: 'GET' | 'HEAD';
  readonly expectStatus: StatusRange;
  /** Text the body must contain (at most 1 KiB). */
  readonly keyword?: string;
  readonly json?: JsonExpectation;
  /** Warn this many days before the TLS certificate expires (https only); absent: no warning. */
  readonly tlsExpiryWarningDays?: number;
  /** Accept a certificate the system does not trust (self-signed inside the company). */
  readonly ignoreTlsErrors: boolean;
}

export interface PingCheck {
  readonly kind: 'ping';
  readonly host: string;
}

export interface DnsCheck {
  readonly kind: 'dns';
  /** The name to resolve. */
  readonly host: string;
  readonly recordType: 'A' | 'AAAA';
  /** One address the answer must contain; absent: any answer is up. */
  readonly expectAddress?: string;
}

/**
 * A heartbeat: a cron job or a backup script calls TBot's push URL with a secret token; no call within the
 * interval is DOWN. Only the token's digest is stored (the token is shown once, when the check is made).
 */
export interface PushCheck {
  readonly kind: 'push';
  readonly tokenDigest: string;
}

/** When and how persistently a check runs; seconds throughout. */
export interface CheckTiming {
  /** 10..3600, the bounds of the setting `monitoring.checkIntervalSeconds` (its default). */
  readonly intervalSeconds: number;
  /** Below the interval. */
  readonly timeoutSeconds: number;
  /** Failures in a row that stay PENDING (silent) before the check is DOWN; 0 = DOWN at the first. */
  readonly retries: number;
  /** The interval while PENDING. */
  readonly retryIntervalSeconds: number;
  /** While DOWN, a reminder every this many seconds; 0 = no reminders. */
  readonly resendIntervalSeconds: number;
}
