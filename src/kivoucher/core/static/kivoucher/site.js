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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
