// The console's only script: while an export is prepared (a large list or a round's ZIP can take
// a while), a spinner and "Đang chuẩn bị tệp…" beside the link, until the download starts. A page
// cannot see a download's response, so the link gets a random token (?dl=…) and the server answers
// with a short-lived cookie named after it (src/console/exports/download-mark.ts), polled here.
// Without this script, or if it fails, the links are plain links and work the same.
(() => {
  "use strict";
  const POLL_MS = 400;
  const GIVE_UP_MS = 120000;
  const COOKIE_PATH = "/console";

  const newToken = () => Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, "0")).join("");
  const hasCookie = (name) => document.cookie.split(";").some((c) => c.trim().startsWith(`${name}=`));

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element ? event.target.closest("a[data-export]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const group = link.closest(".exports");
    const status = group ? group.querySelector(".export-progress") : null;
    if (!status || group.getAttribute("aria-busy") === "true") return;
    event.preventDefault();
    const token = newToken();
    const url = new URL(link.href);
    url.searchParams.set("dl", token);
    const cookie = `tdkt_dl_${token}`;
    const started = Date.now();
    group.setAttribute("aria-busy", "true");
    status.classList.add("busy");
    status.textContent = status.dataset.busy || "";
    const timer = setInterval(() => {
      const done = hasCookie(cookie);
      if (!done && Date.now() - started < GIVE_UP_MS) return;
      clearInterval(timer);
      document.cookie = `${cookie}=; Max-Age=0; Path=${COOKIE_PATH}; SameSite=Strict`;
      group.removeAttribute("aria-busy");
      status.classList.remove("busy");
      status.textContent = done ? status.dataset.done || "" : "";
    }, POLL_MS);
    window.location.assign(url.toString());
  });
})();
