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
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusErrorSummary);
  } else {
    focusErrorSummary();
  }
})();
