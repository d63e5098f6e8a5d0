// Browser entry point: mounts the player and publishes the scripting API on window.reelsync.
import { App } from './App';
import { createReelSyncApi } from './api/reelsync';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
const app = new App(root);
window.reelsync = createReelSyncApi(app);

// Vite hot reload in `npm run dev`: tear the old app down before the new module mounts one.
import.meta.hot?.dispose(() => {
  delete window.reelsync;
  app.dispose();
});
