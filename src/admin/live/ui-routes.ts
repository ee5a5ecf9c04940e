import express, { type Router } from 'express';
import { uiDir } from '../../paths.js';
import type { LiveViews } from './live-views.js';

export const UI_PATH = '/ui';
export const EVENTS_PATH = '/events';

/** The dashboard's static files (served from the package's src/ui, no build step) and the live feed. */
export function uiRoutes(live: LiveViews): Router {
  const router = express.Router();
  router.get(EVENTS_PATH, (req, res) => {
    live.history.activate(); // a watcher of the feed will want the timelines of what it sees
    live.feed.stream(req, res);
  });
  // Without the trailing slash the page's relative module URLs would resolve one level up.
  router.get(UI_PATH, (req, res, next) => (req.originalUrl.split('?')[0].endsWith('/') ? next() : res.redirect(308, `${req.baseUrl}${UI_PATH}/`)));
  router.use(UI_PATH, express.static(uiDir, { index: 'index.html', maxAge: 0, fallthrough: true, dotfiles: 'ignore' }));
  return router;
}
