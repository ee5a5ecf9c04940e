import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';

type ErrorHandler = (err: Error, req: Request, res: Response, next: NextFunction) => void;

/**
 * API traffic goes straight to its three handlers (read the body, serve, serve a body error),
 * past express's router: walking the router's layers (the control plane's mounts, the landing
 * page) cost an eighth of what an API request allocates, for requests that match none of them.
 * `routed(pathname)` tells the paths that still go through the router. Everything else is what
 * `app.handle` does (req/res prototypes, so `res.send` and `req.query` behave the same) followed by
 * the handlers in the order the router would run them, so both routes answer alike.
 */
export function routeApiDirectly(app: Express, routed: (pathname: string) => boolean, handlers: { readBody: RequestHandler; serve: RequestHandler; onError: ErrorHandler }): void {
  const viaRouter = (app as unknown as { handle: Handle }).handle.bind(app);
  (app as unknown as { handle: Handle }).handle = (req, res, callback) => {
    // As app.handle: the links first (adding them after the prototype change made V8 rebuild both objects).
    (req as { res?: unknown }).res = res;
    (res as { req?: unknown }).req = req;
    const request = Object.setPrototypeOf(req, app.request) as Request;
    const response = Object.setPrototypeOf(res, app.response) as Response;
    // The pathname as the router reads it (absolute-form request lines included), so a request
    // for the control plane can never take the direct route past its guard.
    if (routed(request.path)) return viaRouter(req, res, callback);
    const done = callback ?? ((err?: unknown) => lastResort(err, res));
    const fail = (err: unknown) => (err ? handlers.onError(err as Error, request, response, done) : done());
    handlers.readBody(request, response, (err?: unknown) => (err ? fail(err) : handlers.serve(request, response, fail)));
  };
}

/**
 * Where the router's final handler would end a request the handlers passed on: only an error can
 * get here (serve always answers), raised after the answer started (the connection is cut, as
 * express does) or while answering a body error (500).
 */
function lastResort(err: unknown, res: ServerResponse): void {
  if (!err) return;
  if (res.headersSent) res.socket?.destroy();
  else {
    res.statusCode = 500;
    res.end();
  }
}

type Handle = (req: IncomingMessage, res: ServerResponse, callback?: (err?: unknown) => void) => void;
