// sitegen serve: live reload. Injected into served HTML only, never into `sitegen build` output.
// The server says which output files changed; this page reloads only when its own file did,
// swaps stylesheets in place when only CSS changed, and shows build errors over the page.
(() => {
  const me = document.currentScript;
  const file = me.dataset.file;
  const params = new URLSearchParams({ file, hash: me.dataset.hash });
  const events = new EventSource("/__sitegen/events?" + params);
  const OVERLAY = "sitegen-overlay";

  const listed = (event) => JSON.parse(event.data).files || [];

  // Marks the script once the server is listening for this page (tests wait for it).
  events.addEventListener("hello", () => me.setAttribute("data-connected", ""));

  events.addEventListener("reload", (event) => {
    if (listed(event).includes(file)) location.reload();
  });

  events.addEventListener("css", (event) => {
    const changed = listed(event);
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (!changed.some((path) => url.pathname.endsWith("/" + path))) continue;
      url.searchParams.set("sitegen", Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      // the old sheet stays until the new one has loaded, so the page never flashes unstyled
      fresh.addEventListener("load", () => link.remove(), { once: true });
      link.after(fresh);
    }
  });

  events.addEventListener("problems", (event) => {
    const problems = JSON.parse(event.data).problems;
    let box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:70vh;overflow:auto;" +
        "margin:0;padding:1rem 1.25rem;background:#1b1b1f;color:#ffd7d5;" +
        "border-bottom:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;" +
        "white-space:pre-wrap;box-shadow:0 8px 24px rgba(0,0,0,.35)";
      document.body.append(box);
    }
    box.textContent =
      "sitegen: the last build failed; this page is from the last good build.\n\n" +
      problems.join("\n");
  });

  events.addEventListener("ok", () => {
    document.getElementById(OVERLAY)?.remove();
  });
})();
