// bipkiosk: progressive enhancement only. Every page works without scripts.
//
// Scripts attach in one way only: an element names its behaviour in a
// data-module attribute, and a script registers that behaviour with
// window.bkModule(name, init). Here, once the document is parsed, init(element)
// is called once for every element with data-module="name"; a module
// registered later (the scripts after this one in the bundle) is attached at
// once. No script finds the elements it starts on by itself.
(function () {
  "use strict";

  document.documentElement.classList.add("bk-js");

  var registered = {}; // module name → init(element)
  var started = false;

  function attach(name) {
    var elements = document.querySelectorAll("[data-module]");
    for (var i = 0; i < elements.length; i++) {
      if (elements[i].getAttribute("data-module") === name) {
        registered[name](elements[i]);
      }
    }
  }

  window.bkModule = function (name, init) {
    registered[name] = init;
    if (started) {
      attach(name);
    }
  };

  // window.bkAudioSettled(fn, elements) calls fn once none of the audio
  // elements (by default every one in the document) is starting a sound:
  // at once, or when the last one starting has its first data or fails.
  // Why: in the desktop window (WebKitGTK) a sound torn down while it
  // starts (a new src, load(), or leaving the page) can deadlock the page
  // for good: GStreamer's thread waits for the page's thread, which waits
  // for it. So a player pauses at once, the moment the visitor acts, but
  // changes or drops its source, and the talking kiosk leaves the page,
  // only through this. A sound that neither starts nor fails within
  // settleMs is let go: better a rare hang than a dead key.
  var settleMs = 5000;
  function starting(audio) {
    // Loading, without data yet (a paused load that the browser suspends
    // is idle: it starts nothing, and waiting on it would only stall a key).
    return !!audio.currentSrc && !audio.error && audio.readyState < 2 && // HAVE_CURRENT_DATA
      audio.networkState === 2; // NETWORK_LOADING
  }
  window.bkAudioSettled = function (fn, elements) {
    var list = Array.prototype.slice.call(elements || document.querySelectorAll("audio"));
    var busy = list.filter(starting);
    if (!busy.length) {
      fn();
      return;
    }
    var done = false;
    var events = ["loadeddata", "error", "emptied"];
    var timer = window.setTimeout(finish, settleMs);
    function check() {
      if (!busy.some(starting)) {
        finish();
      }
    }
    function finish() {
      if (done) {
        return;
      }
      done = true;
      window.clearTimeout(timer);
      busy.forEach(function (a) {
        events.forEach(function (e) { a.removeEventListener(e, check); });
      });
      fn();
    }
    busy.forEach(function (a) {
      events.forEach(function (e) { a.addEventListener(e, check); });
    });
  };

  // bk-tree: disclosure buttons for the subject menu. The server renders the
  // path to the current page open and marks every branch with children
  // (bk-tree__sub); this makes each such branch a button named with the
  // nav's data-toggle and the branch's title. Other branches are fetched on
  // first open from /menu/{id}, as is the whole list of a branch that showed
  // only the path (bk-tree__list--path) when it is opened again; if that
  // fails, the section's own page is opened.
  function initTree(root) {
    var label = root.getAttribute("data-toggle") || "";
    root.addEventListener("click", function (event) {
      var button = event.target.closest(".bk-tree__toggle");
      if (!button || !root.contains(button)) {
        return;
      }
      toggle(button, label);
    });
    addButtons(root, label);
  }

  function childOf(parent, tag, className) {
    for (var c = parent.firstElementChild; c; c = c.nextElementSibling) {
      if (c.tagName === tag && (!className || c.classList.contains(className))) {
        return c;
      }
    }
    return null;
  }

  function addButtons(scope, label) {
    var items = scope.querySelectorAll(".bk-tree__sub");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var link = childOf(item, "A");
      if (!link || childOf(item, "DIV", "bk-tree__row")) {
        continue;
      }
      var id = link.getAttribute("href").replace(/^\/p\//, "");
      var list = childOf(item, "UL", "bk-tree__list");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "bk-tree__toggle";
      button.setAttribute("data-id", id);
      button.setAttribute("aria-expanded", list ? "true" : "false");
      if (list) {
        button.setAttribute("aria-controls", list.id);
      }
      var name = document.createElement("span");
      name.className = "bk-visually-hidden";
      name.appendChild(document.createTextNode(label));
      var title = document.createElement("span");
      title.textContent = link.textContent;
      if (link.lang) {
        title.lang = link.lang;
      }
      name.appendChild(title);
      button.appendChild(name);
      var row = document.createElement("div");
      row.className = "bk-tree__row";
      item.insertBefore(row, link);
      row.appendChild(button);
      row.appendChild(link);
    }
  }

  function toggle(button, label) {
    var id = button.getAttribute("data-id");
    var list = document.getElementById("bk-sub-" + id);
    var open = button.getAttribute("aria-expanded") === "true";
    if (list && (open || !list.classList.contains("bk-tree__list--path"))) {
      list.hidden = open;
      button.setAttribute("aria-expanded", open ? "false" : "true");
      return;
    }
    var item = button.closest("li");
    var link = item.querySelector("a");
    fetch("/menu/" + encodeURIComponent(id))
      .then(function (response) {
        if (!response.ok) {
          throw new Error("menu " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (list) {
          list.parentNode.removeChild(list);
        }
        item.insertAdjacentHTML("beforeend", html);
        var added = document.getElementById("bk-sub-" + id);
        if (!added) {
          throw new Error("menu fragment without list");
        }
        button.setAttribute("aria-controls", added.id);
        button.setAttribute("aria-expanded", "true");
        addButtons(added, label);
      })
      .catch(function () {
        if (link) {
          window.location.href = link.getAttribute("href");
        }
      });
  }

  // bk-skip-link: move focus to the main content (some webviews only scroll).
  function initSkipLink(link) {
    link.addEventListener("click", function () {
      var target = document.getElementById("main-content");
      if (target) {
        target.focus();
      }
    });
  }

  // bk-tools: the header's settings, bulletin links and search are one
  // <details>, rendered open outside the low-vision version. On a narrow
  // screen it is folded, so the page's content starts on the first screen;
  // back on a wide one it opens again (its summary is hidden there).
  function initTools(details) {
    if (typeof window.matchMedia !== "function") {
      return;
    }
    var narrow = window.matchMedia("(max-width: 40em)");
    var fit = function () {
      details.open = !narrow.matches;
    };
    fit();
    if (narrow.addEventListener) {
      narrow.addEventListener("change", fit);
    }
  }

  // In the desktop window an absolute link would navigate the webview away with
  // no way back. The server never renders one; this guard catches any left in
  // published content and sends it through the external-link page instead.
  function guardExternalLinks() {
    if (!document.documentElement.classList.contains("bk-shell-desktop")) {
      return;
    }
    document.addEventListener("click", function (event) {
      var link = event.target.closest("a[href]");
      if (!link) {
        return;
      }
      var href = link.getAttribute("href");
      if (/^[a-z][a-z0-9+.-]*:/i.test(href)) {
        event.preventDefault();
        window.location.href = "/zewnetrzny?u=" + encodeURIComponent(href);
      }
    }, true);
  }

  window.bkModule("bk-tree", initTree);
  window.bkModule("bk-skip-link", initSkipLink);
  window.bkModule("bk-tools", initTools);

  // A settings change is answered at /ustawienia/ustaw with the page it
  // returns to (no redirect: the desktop webview follows none). Name that
  // page in the history entry instead, so that Reload or Back, on a kiosk
  // after the next visitor's reset too, shows the page and never applies the
  // change again.
  function forgetSettingsChange() {
    var shown = document.documentElement.getAttribute("data-path");
    if (location.pathname === "/ustawienia/ustaw" && shown && shown.charAt(0) === "/" && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", shown);
    }
  }

  function start() {
    forgetSettingsChange();
    started = true;
    for (var name in registered) {
      attach(name);
    }
    guardExternalLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
