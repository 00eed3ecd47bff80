// bk-print: the print version's button, shown only when printing from a script
// is possible; then the hint that names the browser's print command for pages
// without scripts is hidden. Dialog mode: the article's print link asks for
// ?drukuj=1 (data-print-auto on the button), and the page then opens the
// system print dialog by itself once it has loaded (one touch prints).
(function () {
  "use strict";

  function initPrint(button) {
    if (typeof window.print !== "function") {
      return;
    }
    var hints = document.querySelectorAll("[data-print-hint]");
    for (var i = 0; i < hints.length; i++) {
      hints[i].hidden = true;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
    if (button.hasAttribute("data-print-auto")) {
      if (document.readyState === "complete") {
        autoPrint();
      } else {
        window.addEventListener("load", autoPrint);
      }
    }
  }

  function autoPrint() {
    // Printing again after Back or a reload would surprise: drop the request
    // from the address first.
    if (window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    window.setTimeout(function () {
      window.print();
    }, 0);
  }

  window.bkModule("bk-print", initPrint);
})();
