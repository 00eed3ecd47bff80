// bk-print, dialog mode: the article's print link asks for ?drukuj=1, and the
// print page then opens the system print dialog by itself once it has loaded
// (one touch prints). app.js shows the button for printing again; this hides
// the hint that names the browser's print command for pages without scripts.
(function () {
  "use strict";

  function autoPrint() {
    if (typeof window.print === "function") {
      var hints = document.querySelectorAll("[data-print-hint]");
      for (var i = 0; i < hints.length; i++) {
        hints[i].hidden = true;
      }
    }
    var button = document.querySelector("[data-print-auto]");
    if (!button || typeof window.print !== "function") {
      return;
    }
    // Printing again after Back or a reload would surprise: drop the request
    // from the address first.
    if (window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    window.setTimeout(function () {
      window.print();
    }, 0);
  }

  if (document.readyState === "complete") {
    autoPrint();
  } else {
    window.addEventListener("load", autoPrint);
  }
})();
