// Live preview (`npm start`): reloads the page once the site it shows has been built
// again (or the build failed: then the error page shows, until the fix is saved).
// Served by the preview server as a file, never inline: pages allow scripts from
// their own origin only (Content-Security-Policy script-src 'self').
// The server tells its version on connecting and after every build; the page knows
// the version it was served with from this script's address (?versie=N).
(() => {
  const own = new URL(document.currentScript.src).searchParams.get("versie");
  const events = new EventSource("/__voorbeeld/gebeurtenissen");
  events.addEventListener("versie", (event) => {
    if (event.data !== own) {
      events.close();
      location.reload();
    }
  });
})();
