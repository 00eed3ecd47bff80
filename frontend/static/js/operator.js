// bk-pin: the on-screen digits of the operator PIN form, for touch screens
// without a keyboard. The digits type into the password field; how many are
// typed is announced politely (never which). Without this script the field
// takes a keyboard as usual.
//
// bk-operator: the operator screen is the answer to a POST. Its history
// entry is pointed at the PIN form's address, so that Back or a reload
// fetches the PIN form with GET rather than send the form again; and a
// screen that Back restores from the back/forward cache (where no request
// reaches the server, whose session has ended) is hidden at once and
// reloaded as the PIN form. The screen is hidden as it is left, so no
// restored frame shows it even for a moment.
(function () {
  "use strict";

  function initPin(form) {
    var input = form.querySelector(".bk-pin__input");
    var pad = form.querySelector(".bk-pin__pad");
    var status = form.querySelector(".bk-pin__status");
    if (!input || !pad) {
      return;
    }
    pad.hidden = false;
    function announce() {
      if (status) {
        status.textContent = (status.getAttribute("data-typed") || "%d").replace("%d", String(input.value.length));
      }
    }
    pad.addEventListener("click", function (event) {
      var key = event.target.closest(".bk-pin__key");
      if (!key) {
        return;
      }
      if (key.hasAttribute("data-digit")) {
        input.value += key.getAttribute("data-digit");
      } else if (key.hasAttribute("data-back")) {
        input.value = input.value.slice(0, -1);
      } else if (key.hasAttribute("data-clear")) {
        input.value = "";
      }
      announce();
    });
  }

  function initScreen(screen) {
    if (window.history.replaceState) {
      // Keep the entry's state: the kiosk's idle script stamps its visit there.
      window.history.replaceState(window.history.state, "", "/obsluga");
    }
    window.addEventListener("pagehide", function () {
      screen.hidden = true;
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        screen.hidden = true;
        window.location.replace("/obsluga");
      }
    });
  }

  window.bkModule("bk-pin", initPin);
  window.bkModule("bk-operator", initScreen);
})();
