// bk-idle: the kiosk's idle reset. After data-idle-timeout seconds on <html>
// without pointer, key, touch or scroll input it opens the countdown dialog
// the server rendered; when data-idle-countdown seconds more pass without
// "Continue", it goes to /kiosk/reset, which restores the default settings
// and shows the home page. Without this script a meta refresh does the reset.
(function () {
  "use strict";

  var resetPath = "/kiosk/reset";
  var root = document.documentElement;
  var timeout = parseInt(root.getAttribute("data-idle-timeout"), 10) * 1000;
  var countdown = parseInt(root.getAttribute("data-idle-countdown"), 10) * 1000;
  if (!(timeout > 0) || !(countdown > 0)) {
    return;
  }

  // The reset page is the home page: show "/" in the address so a reload does
  // not reset again and a bookmark names the home page.
  if (window.location.pathname === resetPath && window.history.replaceState) {
    window.history.replaceState(null, "", "/");
  }

  var lastInput = Date.now();
  var deadline = 0; // when the open dialog resets; 0 while it is closed
  var shown = -1; // the seconds the dialog shows
  var dialog, seconds, status, button;

  function input() {
    if (!deadline) {
      lastInput = Date.now();
    }
  }

  function open() {
    deadline = Date.now() + countdown;
    shown = -1;
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    button.focus();
    update();
  }

  function close() {
    deadline = 0;
    lastInput = Date.now();
    if (typeof dialog.close === "function") {
      dialog.close();
    } else {
      dialog.removeAttribute("open");
    }
  }

  // update shows the remaining seconds every second but announces them only
  // now and then, so a screen reader is not talked over every second.
  function update() {
    var left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
    if (left === shown) {
      return;
    }
    var first = shown < 0;
    shown = left;
    seconds.textContent = String(left);
    if (first || left % 10 === 0 || left <= 5) {
      status.textContent = dialog.querySelector(".bk-idle__count").textContent;
    }
  }

  function tick() {
    var now = Date.now();
    if (!deadline) {
      if (now - lastInput >= timeout) {
        open();
      }
      return;
    }
    if (now >= deadline) {
      deadline = 0;
      window.location.replace(resetPath);
      return;
    }
    update();
  }

  function start() {
    dialog = document.querySelector("[data-module='bk-idle']");
    if (!dialog) {
      return;
    }
    seconds = dialog.querySelector(".bk-idle__seconds");
    status = dialog.querySelector(".bk-idle__status");
    button = dialog.querySelector(".bk-idle__continue");
    button.addEventListener("click", close);
    // A touch on the dimmed page around the dialog also says "I am here".
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) {
        close();
      }
    });
    // Escape closes a modal dialog: for a visitor that means "I am here".
    dialog.addEventListener("cancel", function (event) {
      event.preventDefault();
      close();
    });
    var events = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll"];
    for (var i = 0; i < events.length; i++) {
      document.addEventListener(events[i], input, {capture: true, passive: true});
    }
    // A page restored from the back-forward cache starts its wait afresh.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        close();
      }
    });
    window.setInterval(tick, 250);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
