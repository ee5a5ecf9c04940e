import type { OperationHandler } from '../core/api-module.js';
import { OrdermockError, ordermockError } from '../core/errors/catalogue.js';
import type { ControlPlaneDeps } from './control-plane.js';

/**
 * The dashboard's login (`/session`). The guard lets these through without the token but only
 * from the mock's own origin; the token is checked here, against the body, so it never sits in
 * a URL (and `token` is a field the journal's redaction masks, were it ever recorded).
 */
export function sessionHandlers(deps: ControlPlaneDeps): Record<string, OperationHandler> {
  const sessions = deps.sessions;
  const view = (expiresAt: Date | undefined) => ({ tokenRequired: sessions !== undefined, expiresAt: expiresAt?.toISOString() ?? null });
  return {
    getSession: (req) => ({ status: 200, body: view(sessions?.expiry(req.headers.cookie)) }),
    openSession: (req) => {
      if (!sessions) throw ordermockError('ORDERMOCK_ERR_RESOURCE_NOT_FOUND', 'No admin token is configured (--admin-token): the control plane needs no login');
      const opened = sessions.open((req.body as { token: string }).token);
      if (!opened) throw new OrdermockError('ORDERMOCK_ERR_ADMIN_TOKEN', ['the token given is wrong']);
      sessions.close(req.headers.cookie); // a login replaces this browser's previous session
      return { status: 200, headers: { 'set-cookie': opened.cookie }, body: view(opened.expiresAt) };
    },
    closeSession: (req) => (sessions ? { status: 204, headers: { 'set-cookie': sessions.close(req.headers.cookie) } } : { status: 204 }),
  };
}
