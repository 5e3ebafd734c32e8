/** Raises `window.__injected` and logs an error if it is ever parsed as HTML. */
export const INJECTION =
  '</script><img src=x onerror="window.__injected=(window.__injected||0)+1;' +
  "console.error('injected')\">";
