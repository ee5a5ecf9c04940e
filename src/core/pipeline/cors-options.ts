// Plain data, no dependency types: startOrdermock's published options reference it.
export interface CorsOptions {
  /** Off: OPTIONS is routed like any method (405) and no CORS header is added. */
  enabled?: boolean;
  /** Origins allowed to call the APIs from a browser; empty or `*` = any origin. */
  origins?: string[];
}
