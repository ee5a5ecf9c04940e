// Plain data, no express types: startOrdermock's published options reference it.
export interface AccessGuardOptions {
  /** Host names answered besides loopback names and IP literals; `all` answers any. */
  allowedHosts?: string[];
  /** Foreign origins allowed to call the control plane (a dashboard on another port). */
  origins?: string[];
  /** When set, every request but the public reads needs `Authorization: Bearer <token>`. */
  adminToken?: string;
}
