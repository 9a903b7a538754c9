/* KI-Voucher: small progressive enhancements (the site works without them).
   Loaded from our own static files; the Content-Security-Policy allows no inline scripts. */
(function () {
  "use strict";
  function focusErrorSummary() {
    // After a failed submission, take keyboard and screen-reader users to the
    // list of errors; its links lead to the fields (core/_form.html).
    var summary = document.querySelector(".error-summary[tabindex]");
    if (summary) { summary.focus(); }
  }
  // Downloads that take a while (reports, exports): show a status until the server's
  // answer arrives, which sets the cookie kiv_download to the token sent with it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-progress]") : null;
    var status = link && document.getElementById(link.getAttribute("data-progress"));
    if (!status) { return; }
    var token = String(Date.now());
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("download_token", token);
    link.href = url.toString();
    status.hidden = false;
    var timer = window.setInterval(function () {
      if (document.cookie.indexOf("kiv_download=" + token) !== -1) {
        status.hidden = true;
        window.clearInterval(timer);
      }
    }, 300);
  });
  var captions = 0;
  function nameScrollRegions(root) {
    // A wide table scrolls in its own box (.table-scroll, focusable so that the
    // keyboard can scroll it): a region named by the table's caption, so a screen
    // reader says what the stop is (WCAG 1.4.10, 2.1.1, 4.1.2). Markup that names
    // the box itself is left alone.
    var boxes = root.querySelectorAll ? root.querySelectorAll(".table-scroll") : [];
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) { return; }
      var caption = box.querySelector("caption");
      if (!caption || !caption.textContent.trim()) { return; }
      while (!caption.id) {
        captions += 1;
        if (!document.getElementById("table-caption-" + captions)) {
          caption.id = "table-caption-" + captions;
        }
      }
      if (!box.hasAttribute("role")) { box.setAttribute("role", "region"); }
      box.setAttribute("aria-labelledby", caption.id);
    });
  }
  function ready() {
    nameScrollRegions(document);
    focusErrorSummary();
  }
  // Parts of pages swapped in by htmx get the same treatment.
  document.addEventListener("htmx:afterSettle", function () { nameScrollRegions(document); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
