// bk-kiosk: a fresh start for every visitor of a kiosk (<html class="bk-kiosk">).
//
// Start over (the idle countdown's end, or the "Zacznij od nowa" button)
// empties the search field and every storage the pages may use, and replaces
// the current history entry with the reset path the server names in
// <html data-reset-path> (/kiosk/reset), which restores the default settings
// and renders the home page. A page cannot delete the browser's history, so
// the entries before it stay; instead every kiosk page stamps its
// history entry with the visit's epoch (a random id kept in sessionStorage,
// made anew by each reset) and the depth of the visit it belongs to. A page
// shown again by Back, from the back/forward cache or the HTTP cache, whose
// stamp is not the current epoch belongs to an earlier visitor: it replaces
// itself with the home page at once. The large Back button goes back only
// within the current visit, else home.
//
// The idle reset: after data-idle-timeout seconds on <html> without pointer,
// key, touch or scroll input it opens the countdown dialog the server
// rendered; when data-idle-countdown seconds more pass without "Continue", it
// starts over. Without this script a meta refresh does the reset.
(function () {
  "use strict";

  var root = document.documentElement;
  if (!root.classList.contains("bk-kiosk")) {
    return;
  }
  var resetPath = root.getAttribute("data-reset-path") || "/"; // the server names it
  var epochKey = "bk-epoch"; // sessionStorage: the current visit's epoch
  var fromKey = "bk-from"; // sessionStorage: the depth of the page just left

  // session is sessionStorage when it works (a webview may refuse it); the
  // history guard needs it, everything else works without.
  var session = (function () {
    try {
      window.sessionStorage.setItem("bk-probe", "1");
      window.sessionStorage.removeItem("bk-probe");
      return window.sessionStorage;
    } catch (e) {
      return null;
    }
  })();

  var depth = 0; // pages of this visit behind this one
  var leaving = false; // this page replaces itself: no page follows it in history

  function newEpoch() {
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  // clearAll forgets what this visitor typed or the pages kept: the search
  // field and its suggestions, and every web storage of the site.
  function clearAll() {
    var fields = document.querySelectorAll("input[type=search], input[type=text], textarea");
    for (var i = 0; i < fields.length; i++) {
      fields[i].value = "";
      fields[i].dispatchEvent(new Event("input", {bubbles: true}));
    }
    var lists = document.querySelectorAll(".bk-suggest");
    for (var j = 0; j < lists.length; j++) {
      lists[j].hidden = true;
    }
    try {
      window.sessionStorage.clear();
    } catch (e) { /* nothing kept */ }
    try {
      window.localStorage.clear();
    } catch (e) { /* nothing kept */ }
  }

  // startOver hands the kiosk to the next visitor.
  function startOver() {
    leaving = true;
    clearAll();
    window.location.replace(resetPath);
  }

  // goHome leaves a page of an earlier visit for the home page, in place.
  function goHome() {
    leaving = true;
    if (session) {
      session.removeItem(fromKey);
    }
    // Chromium keeps an entry's state when a page replaces itself with its
    // own URL (the home page of an earlier visit): drop the old stamp first.
    window.history.replaceState(null, "");
    window.location.replace("/");
  }

  // arrive stamps or checks this page's history entry; false when the page
  // belongs to an earlier visit and is being replaced.
  function arrive() {
    if (!window.history.replaceState) {
      return true;
    }
    if (window.location.pathname === resetPath) {
      // The reset page: a new visit. Show "/" in the address so a reload
      // does not reset again and the entry names the home page.
      clearAll();
      var epoch = newEpoch();
      if (session) {
        session.setItem(epochKey, epoch);
      }
      depth = 0;
      window.history.replaceState({bkEpoch: epoch, bkDepth: 0}, "", "/");
      return true;
    }
    if (!session) {
      return true;
    }
    var state = window.history.state || {};
    var current = session.getItem(epochKey);
    if (state.bkEpoch) {
      session.removeItem(fromKey);
      if (state.bkEpoch !== current) {
        goHome();
        return false;
      }
      depth = state.bkDepth || 0;
      return true;
    }
    if (!current) {
      current = newEpoch();
      session.setItem(epochKey, current);
    }
    var from = session.getItem(fromKey);
    session.removeItem(fromKey);
    depth = from === null ? 0 : (parseInt(from, 10) || 0) + 1;
    window.history.replaceState({bkEpoch: current, bkDepth: depth}, "");
    return true;
  }

  var fresh = arrive();

  // The next page of this visit learns its depth from the one it left.
  window.addEventListener("pagehide", function () {
    if (session && !leaving) {
      session.setItem(fromKey, String(depth));
    }
  });

  // A page restored from the back/forward cache runs no script again: check it here.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      leaving = false;
      if (arrive()) {
        markBack();
      }
    }
  });

  // A long press or right click opens no browser menu on a public terminal.
  document.addEventListener("contextmenu", function (event) {
    event.preventDefault();
  });

  var back = null;

  // markBack says whether Back has somewhere to go: on the home page of a
  // fresh visit it would go nowhere.
  function markBack() {
    if (!back) {
      return;
    }
    if (depth === 0 && window.location.pathname === "/") {
      back.setAttribute("aria-disabled", "true");
    } else {
      back.removeAttribute("aria-disabled");
    }
  }

  function initBack(button) {
    back = button;
    button.hidden = false;
    markBack();
    button.addEventListener("click", function () {
      if (depth > 0) {
        window.history.back();
      } else if (window.location.pathname !== "/") {
        window.location.href = "/";
      }
    });
  }

  function initStartOver(link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      startOver();
    });
  }

  // The idle reset.
  function initIdle(dialog) {
    var timeout = parseInt(root.getAttribute("data-idle-timeout"), 10) * 1000;
    var countdown = parseInt(root.getAttribute("data-idle-countdown"), 10) * 1000;
    if (!(timeout > 0) || !(countdown > 0)) {
      return;
    }
    var lastInput = Date.now();
    var deadline = 0; // when the open dialog resets; 0 while it is closed
    var shown = -1; // the seconds the dialog shows
    var seconds = dialog.querySelector(".bk-idle__seconds");
    var status = dialog.querySelector(".bk-idle__status");
    var button = dialog.querySelector(".bk-idle__continue");

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
        startOver();
        return;
      }
      update();
    }

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
    // timeupdate: sound playing in the page (the talking kiosk, the read-aloud
    // player) means someone is listening; a capturing listener hears it
    // although media events do not bubble.
    var events = ["pointerdown", "pointermove", "keydown", "touchstart", "wheel", "scroll", "timeupdate"];
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

  // An earlier visitor's page on its way out (not fresh) starts none of them.
  function whenFresh(init) {
    return function (element) {
      if (fresh) {
        init(element);
      }
    };
  }

  // The bar at the foot of the screen grows with the text size and wraps
  // in the low-vision themes; the page keeps its measured height free below
  // its content and scrolling to a focused element stops above it (WCAG
  // 2.4.11), through --bk-kiosknav-height (30-kiosk.css).
  function initKioskNav(bar) {
    function measure() {
      root.style.setProperty("--bk-kiosknav-height", bar.offsetHeight + "px");
    }
    measure();
    if (window.ResizeObserver) {
      new window.ResizeObserver(measure).observe(bar);
    } else {
      window.addEventListener("resize", measure);
    }
  }

  window.bkModule("bk-kiosknav", initKioskNav);
  window.bkModule("bk-back", whenFresh(initBack));
  window.bkModule("bk-start-over", whenFresh(initStartOver));
  window.bkModule("bk-idle", whenFresh(initIdle));
})();
